#pragma once
// A small ImGui file browser over std::filesystem (Debian ships no native
// file-dialog library): a modal popup listing folders and image files, a path
// field to type or paste into, Open / Cancel. No GL, no threads.
//
//   FileBrowser browser;                         // starts in the current folder
//   if (ImGui::Button("Open...")) browser.open("Open an image");
//   std::string path;
//   if (drawFileBrowser(browser, path)) load(path);  // true once, on Open
#include <string>
#include <vector>

namespace cs {

struct FileBrowser {
    std::string title = "Open an image";
    std::string dir;                  // folder on show; "" = current folder
    std::string typed;                // the path field
    std::vector<std::string> extensions{".png", ".jpg", ".jpeg", ".bmp", ".tga", ".gif", ".psd", ".pgm", ".ppm", ".pnm"};
    bool show_all = false;            // list every file, not only images
    bool want_open = false;           // open the popup on the next draw
    std::string error;                // a folder that cannot be listed

    void open(std::string popup_title) {
        title = std::move(popup_title);
        want_open = true;
    }
};

// Draws the popup when open; returns true and sets `chosen` when a file was picked.
bool drawFileBrowser(FileBrowser& browser, std::string& chosen);

// The folder's entries: folders first (with a trailing '/'), then files that
// match `extensions` (case-insensitive; all files when show_all), each sorted
// by name; hidden entries (leading '.') left out. Throws std::filesystem errors.
std::vector<std::string> listFolder(const std::string& dir, const std::vector<std::string>& extensions, bool show_all);

}  // namespace cs
