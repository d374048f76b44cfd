#pragma once
// A small ImGui file browser over std::filesystem (Debian ships no native
// file-dialog library): a modal popup listing folders and image files, a path
// field to type or paste into, Open / Cancel. No GL, no threads.
// Save mode: a file-name field, Save / Cancel, the first extension appended
// to a bare name, "Replace it?" before writing over an existing file, and a
// name with a "/" refused with the reason on the line under the field.
// It opens in `dir` (the app sets it from the settings' last folder), else at
// home (browserStartFolder), never in the working folder. Ctrl+A selects the
// whole name field, focusing it first if the list had the keyboard. The list
// keeps its place on screen: the path line is one line, the line under the
// field is always reserved, and entering a folder scrolls its list to the top.
//
//   FileBrowser browser;                         // starts at home
//   if (ImGui::Button("Open...")) browser.open("Open an image");
//   std::string path;
//   if (drawFileBrowser(browser, path)) load(path);  // true once, on Open
//
//   if (ImGui::Button("Save...")) browser.open("Save the lesson", FileBrowserMode::Save, "lesson.json");
#include <string>
#include <vector>

#include "io/folder_listing.h"

namespace cs {

enum class FileBrowserMode { Open, Save };

struct FileBrowser {
    std::string title = "Open an image";
    FileBrowserMode mode = FileBrowserMode::Open;
    std::string dir;                  // folder on show; "" = the home folder (kept between openings)
    std::string typed;                // the path field (Save: the file name)
    std::vector<std::string> extensions{".png", ".jpg", ".jpeg", ".bmp", ".tga", ".gif", ".psd", ".pgm", ".ppm", ".pnm"};
    std::string hint = "path to an image (type or paste)";
    bool show_all = false;            // list every file, not only images
    bool want_open = false;           // open the popup on the next draw
    std::string error;                // a folder that cannot be listed
    std::string confirm;              // Save: the existing file waiting for "Replace"
    std::string picked_folder;        // the folder of the last file chosen, for the settings (the app clears it)
    std::string listed_dir;           // the folder the list was last drawn for (a change scrolls it to the top)
    bool select_all = false;          // Ctrl+A: select the whole field on its next draw

    void open(std::string popup_title, FileBrowserMode how = FileBrowserMode::Open, std::string name = {}) {
        title = std::move(popup_title);
        mode = how;
        typed = std::move(name);
        confirm.clear();
        want_open = true;
    }
};

// Draws the popup when open; returns true and sets `chosen` when a file was
// picked (Save: the path to write, already confirmed when it exists).
bool drawFileBrowser(FileBrowser& browser, std::string& chosen);

}  // namespace cs
