// Opening a lesson file in the app: load, save (the file's text), load again,
// and build the view the stage draws, walked to the last step.
#include <string_view>

#include "core/layers_view.h"
#include "core/lesson_view.h"
#include "fuzz_targets.h"
#include "io/lesson_json.h"
#include "io/session_json.h"

namespace cs::fuzz {

// A lesson file is a session (io/session_json.h): its extra fields and page
// sections are read too, and each either loads or says why.
void fuzzSessionParts(std::string_view text) {
    SessionFile session;
    try {
        session = sessionFromJson(text);
    } catch (const LessonFileError&) {
        return;
    }
    for (const auto& [title, section] : session.sections) {
        try {
            SignalsLesson signals = defaultSignalsLesson();
            double t = 0.0;
            std::size_t step = 0;
            signalsSectionFromJson(section, signals, t, step);
        } catch (const LessonFileError&) {
        }
        try {
            ImageLab lab;
            imageLabSectionFromJson(section, lab);
        } catch (const LessonFileError&) {
        }
    }
    (void)sessionToJson(session);
}

int fuzzLesson(const std::uint8_t* data, std::size_t size) {
    fuzzSessionParts(std::string_view(reinterpret_cast<const char*>(data), size));
    Lesson lesson;
    try {
        lesson = lessonFromJson(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const LessonFileError&) {
        return 0;
    }
    const std::string saved = lessonToJson(lesson);
    Lesson again;
    try {
        again = lessonFromJson(saved);
    } catch (const LessonFileError& e) {
        fail("lesson", std::string("a saved lesson does not load: ") + e.what() + "\n" + saved.substr(0, 400));
    }
    if (!sameContent(lesson, again)) fail("lesson", "load, save, load changes the lesson:\n" + saved.substr(0, 400));
    if (lessonToJson(again) != saved) fail("lesson", "saving a reloaded lesson writes different text");

    if (isLayer(again.request.params.op)) {  // the Layers page opens it
        LayersView layers;
        layers.update(layersLessonFromLesson(again));
        if (!layers.hasStages()) {
            if (layers.error().empty()) fail("lesson", "no layer stage and no error");
            return 0;
        }
        layers.stepper().toEnd();
        (void)layers.partialOutput();
        (void)layers.layerStep();
        return 0;
    }
    LessonView view;
    view.update(again);
    if (!view.hasTrace()) {
        if (view.error().empty()) fail("lesson", "no trace and no error");
        return 0;
    }
    view.stepper().toEnd();
    const TraceStep* step = view.currentStep();
    if (step == nullptr && view.stepper().count() > 0) fail("lesson", "no current step in a non-empty trace");
    (void)view.partialOutput();
    (void)view.paddedCell(0, 0, 0);
    return 0;
}

}  // namespace cs::fuzz
