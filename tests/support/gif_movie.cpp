#include "gif_movie.h"

#include <gif_lib.h>

#include <cstring>

namespace cs::test {

GifMovie loadGifMovie(const std::filesystem::path& path) {
    GifMovie m;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
    if (gif == nullptr) {
        m.error = std::string("cannot open: ") + GifErrorString(error);
        return m;
    }
    if (DGifSlurp(gif) != GIF_OK) {
        m.error = std::string("DGifSlurp: ") + GifErrorString(gif->Error);
        DGifCloseFile(gif, &error);
        return m;
    }
    m.width = gif->SWidth;
    m.height = gif->SHeight;
    Picture canvas;
    canvas.width = m.width;
    canvas.height = m.height;
    canvas.rgb.assign(static_cast<std::size_t>(m.width) * static_cast<std::size_t>(m.height) * 3, 0);
    for (int i = 0; i < gif->ImageCount && m.error.empty(); ++i) {
        const SavedImage& image = gif->SavedImages[i];
        const GifImageDesc& d = image.ImageDesc;
        const ColorMapObject* map = d.ColorMap != nullptr ? d.ColorMap : gif->SColorMap;
        GraphicsControlBlock gcb{};
        gcb.TransparentColor = NO_TRANSPARENT_COLOR;
        DGifSavedExtensionToGCB(gif, i, &gcb);
        if (map == nullptr || d.Left < 0 || d.Top < 0 || d.Left + d.Width > m.width || d.Top + d.Height > m.height) {
            m.error = "image " + std::to_string(i) + " has no colour table or lies outside the screen";
            break;
        }
        for (int y = 0; y < d.Height; ++y)
            for (int x = 0; x < d.Width; ++x) {
                const int index = image.RasterBits[static_cast<std::size_t>(y) * static_cast<std::size_t>(d.Width) +
                                                   static_cast<std::size_t>(x)];
                if (index == gcb.TransparentColor) continue;
                if (index >= map->ColorCount) {
                    m.error = "image " + std::to_string(i) + " uses a colour past its table";
                    break;
                }
                unsigned char* px = &canvas.rgb[(static_cast<std::size_t>(d.Top + y) * static_cast<std::size_t>(m.width) +
                                                 static_cast<std::size_t>(d.Left + x)) * 3];
                px[0] = map->Colors[index].Red;
                px[1] = map->Colors[index].Green;
                px[2] = map->Colors[index].Blue;
            }
        m.frames.push_back(canvas);
        m.delays_cs.push_back(gcb.DelayTime);
    }
    // DGifSlurp files an extension under the image it precedes (the trailing ones under the file).
    auto findLoop = [&](int count, const ExtensionBlock* blocks) {
        for (int i = 0; i < count; ++i)
            if (blocks[i].Function == APPLICATION_EXT_FUNC_CODE && blocks[i].ByteCount == 11 &&
                std::memcmp(blocks[i].Bytes, "NETSCAPE2.0", 11) == 0)
                m.loops = true;
    };
    findLoop(gif->ExtensionBlockCount, gif->ExtensionBlocks);
    for (int i = 0; i < gif->ImageCount; ++i)
        findLoop(gif->SavedImages[i].ExtensionBlockCount, gif->SavedImages[i].ExtensionBlocks);
    DGifCloseFile(gif, &error);
    return m;
}

}  // namespace cs::test
