#pragma once
// KHR_debug error counting, for the GUI monkey (app/monkey.h): a callback on
// the current debug context counts GL_DEBUG_TYPE_ERROR messages and prints
// the first few on stderr.
//
//   std::string why;
//   if (!installGlErrorCounter(why)) ...   // not a debug context: why says so
//   ... frames ...
//   glErrorCount()                          // 0 on a clean run
#include <cstdint>
#include <string>

namespace cs {

// Returns false with `error` when the context has no debug output. It checks
// itself with one deliberate error (a texture name never generated), not counted.
bool installGlErrorCounter(std::string& error);
std::uint64_t glErrorCount();

}  // namespace cs
