#pragma once
// The table of pages: everything the app knows about a page in one entry
// (its tab, the --lesson names that open it, how it is opened, updated and
// drawn, the playhead the keys drive, its undo, and where files go). App
// holds each page's document and walks this table; the tabs, --lesson
// routing and its --help text, the keyboard shortcuts, drag-and-drop and
// screenshot mode all derive from it.
//
//   for (const Page& p : pages()) p.update(app, dt, p.id == app.page());
//   const Page* p = pageForLesson("signals-discrete-compare", error);  // the Signals page
//   pageFor(PageId::ImageLab).title                                     // "Image lab"
//
// Adding a page: a PageId value and a table entry (pages.h/.cpp), the page's
// document in App (app.h), and its own glue file (src/app/page_<name>.cpp/.h);
// to keep its state in lesson files, a section codec (io/session_json.h) and
// the entry's save_section / load_section.
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

class App;
class Stepper;
struct GuiOptions;

// One value per entry of the table, in table order (checked at compile time).
enum class PageId { Matrices, Signals, ImageLab, Layers, Network, Count };

// The rectangle under the top bar a page lays its panels out in (pixels).
struct PageArea {
    float x = 0, y = 0, w = 0, h = 0;
};

struct Page {
    PageId id;
    const char* title;  // the tab: "Matrices"

    // --lesson: the names that open this page (the first is the plain one),
    // words that may follow it joined by dashes ("signals-discrete-compare"),
    // and what the page is, for --help. The page with takes_lesson_files
    // answers every other name (built-in lesson names, lesson files) itself.
    std::vector<std::string> (*lesson_names)();
    std::span<const std::string_view> lesson_words;
    const char* lesson_help;
    bool takes_lesson_files;

    // Opens the page as the command line asks (o.page_lesson: the --lesson
    // name that chose it, o.step, the page's own options). Returns false with
    // a message on stderr when an option cannot be honoured.
    bool (*open)(App& app, const GuiOptions& o);
    // The tab was clicked: the page is shown from now on (nullptr: nothing to prepare).
    void (*show)(App& app);
    // Every frame, for every page (`shown`: this one is on screen): carry out
    // last frame's requests, rebuild what changed, advance playback.
    void (*update)(App& app, double dt, bool shown);
    // The top bar after the tabs (nullptr: the theme and text size only).
    void (*toolbar)(App& app);
    // The page's panels over `area`.
    void (*draw)(App& app, const PageArea& area);
    // The shown page, after the frame's widgets and before it is rendered:
    // start the work this frame's edits call for, so that it runs while the
    // frame is drawn rather than from the next one (nullptr: nothing to start).
    void (*after_ui)(App& app);
    // The playhead Space, Left/Right, Home/End drive; nullptr: none on this page.
    Stepper* (*stepper)(App& app);
    // Ctrl+Z (redo false) / Ctrl+Y (redo true); nullptr: the page has no history.
    void (*undo)(App& app, bool redo);
    // Files: load opens `path` as the page's document, save writes the page's
    // document or result there; both are carried out by the page's next update
    // and say on the page how it went. nullptr: the page has no files.
    void (*load)(App& app, const std::string& path);
    void (*save)(App& app, const std::string& path);
    // Files dropped on the window go to this page's load.
    bool takes_dropped_files;
    // Sessions (io/session_json.h): a lesson file keeps every page. The
    // page's state as its section of the file (a JSON object, as text, under
    // the page's title), and back (throws LessonFileError, leaving the page as
    // it was), or throws SectionNotShown after loading a section that is well
    // formed but cannot be shown (the user's mid-edit document: it is kept, as
    // the edit was). nullptr: the file keeps nothing of the page (the matrix
    // lesson is the file's own body).
    std::string (*save_section)(App& app);
    void (*load_section)(App& app, const std::string& section);
};

// Thrown by a load_section that has loaded its section, whose document the
// page cannot show yet (what() says why): the load goes on and says so.
struct SectionNotShown : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// All pages, in tab order.
std::span<const Page> pages();
const Page& pageFor(PageId id);

// The page `--lesson NAME` opens. nullptr with `error` set for a page name
// followed by a word it does not take ("signals-bogus"); a name no page
// claims goes to the page that takes lesson files (it says if there is no
// such lesson when it loads it).
const Page* pageForLesson(std::string_view name, std::string& error);

// The --lesson lines of --help, from the table.
std::string lessonHelp();

// Every page's lesson names, one "Title: a, b" group per page, for the
// message that answers a --lesson no page knows and that is not a file.
std::string everyLessonName();

// A fixed panel (no title bar, no move or resize) at (x, y), w x h pixels;
// call ImGui::End() whatever it returns.
bool beginPagePanel(const char* name, float x, float y, float w, float h, int extra_flags = 0);
// Heights of the top bar and of the status line: shared by every page's layout.
float barHeight();
float statusHeight();

}  // namespace cs
