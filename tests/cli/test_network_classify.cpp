// The Network page's prediction (core/network_view.h, the traced CPU
// reference) against `convscope classify` (the batched path) on the same
// files: test images written as PNG, read back as the page's File tab reads them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "../support/run_binary.h"
#include "../support/temp_dir_test.h"
#include "core/image_resize.h"
#include "core/network_view.h"
#include "io/idx.h"
#include "io/image_io.h"
#include "io/model_file.h"

namespace cs {
namespace {

class NetworkClassify : public test::TempDirTest {};

TEST_F(NetworkClassify, ThePagesPredictionIsClassifysAnswer) {
    const std::string model = std::string(CONVSCOPE_TEST_DATA) + "/../../assets/models/fashion_convnet.safetensors";
    const FashionMnist data = loadFashionMnist(defaultFashionMnistDir());
    NetworkDoc doc;
    doc.net = readConvNetFile(model);
    doc.source = NetInputSource::File;
    std::string files;
    std::vector<int> predicted;
    for (int i = 0; i < 10; ++i) {  // the first ten test images
        Image img{28, 28, 1, {}};
        const auto* px = data.test_images.pixels.data() + static_cast<std::ptrdiff_t>(i) * 784;
        img.pixels.assign(px, px + 784);
        const std::string png = path("test" + std::to_string(i) + ".png");
        writePngAtomic(png, img);
        files += " '" + png + "'";
        doc.file_pixels = imageToNetInput(loadImage(png), 28);
        doc.file_path = png;
        NetworkView view;
        view.update(doc, {});
        ASSERT_TRUE(view.ready()) << view.error();
        predicted.push_back(view.predicted());
    }
    const auto r = test::runBinary("classify --model '" + model + "'" + files);
    ASSERT_EQ(r.status, 0) << r.out;
    std::istringstream lines(r.out);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] != '{') continue;
        const auto j = nlohmann::json::parse(line);
        ASSERT_LT(n, 10);
        EXPECT_EQ(j["index"].get<int>(), predicted[static_cast<std::size_t>(n)]) << line;
        EXPECT_EQ(j["class"].get<std::string>(), fashionMnistClassNames()[static_cast<std::size_t>(predicted[static_cast<std::size_t>(n)])]);
        ++n;
    }
    EXPECT_EQ(n, 10);
    EXPECT_EQ(predicted[0], 9) << "test image 0 is an ankle boot";
}

}  // namespace
}  // namespace cs
