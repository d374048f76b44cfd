#pragma once
// The file browser's plain parts (ui/file_browser.h draws them): listing a
// folder filtered by extension, and turning what was typed in a Save dialog
// into the path to write. std::filesystem only: no ImGui, testable headless.
//
//   listFolder("/data", {".json"}, false)   -> {"sub/", "a.json", "b.json"}
//   savePathFor("/data", "lesson", ".json") -> "/data/lesson.json"
//   savePathFor("/data", "/tmp/x.json", ".json") -> "/tmp/x.json"
//   browserStartFolder("/data/lessons", "/home/me") -> "/data/lessons" (if it exists)
//   fileNameProblem("a/b.json") -> "a file name cannot contain \"/\" ..."
#include <string>
#include <vector>

namespace cs {

// The folder's entries: folders first (with a trailing '/'), then files that
// match `extensions` (case-insensitive; all files when show_all), each sorted
// by name; hidden entries (leading '.') left out. Throws std::filesystem errors.
std::vector<std::string> listFolder(const std::string& dir, const std::vector<std::string>& extensions, bool show_all);

// True when `name`'s extension is one of `extensions` (case-insensitive, with the dot).
bool hasExtension(const std::string& name, const std::vector<std::string>& extensions);

// The path a Save dialog writes: `typed` (a file name, a relative or an
// absolute path) resolved against `dir`, with `extension` appended when the
// name has no extension at all ("lesson" -> "lesson.json", "a.txt" stays).
// "" when there is no file name (empty, or ending in '/').
std::string savePathFor(const std::string& dir, const std::string& typed, const std::string& extension);

// Where the browser opens: `last_used` (the folder of the last file opened or
// saved, from the settings) when it is an existing folder, else `home` when it
// is one, else "/". Never the working folder: started from a build tree, that
// is the source tree, where a student's files do not belong.
std::string browserStartFolder(const std::string& last_used, const std::string& home);
// $HOME, or "" when unset.
std::string homeFolder();

// Why a Save dialog's file name cannot be written in the folder on show, ""
// when it can. A "/" would make (or write into) another folder, which is what
// the list above the field is for; "." and ".." are folders, not files.
std::string fileNameProblem(const std::string& name);

}  // namespace cs
