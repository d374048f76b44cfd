#pragma once
// History: undo and redo over snapshots of the lesson document.
//
// Panels never talk to it. Once per frame, when no widget is being dragged or
// typed into, the app calls commit(lesson): if the document's content differs
// from the last committed snapshot, that snapshot goes on the undo stack. So a
// drag that changes a value through forty frames is one undo step, and every
// kind of edit (matrices, parameters, operation) is undoable without each
// panel having to remember to record it.
//
//   History h;
//   h.reset(lesson);                  // baseline
//   lesson.request.input.at(0, 0) = 7; lesson.touch();
//   h.commit(lesson);                 // one undo step recorded
//   h.undo(lesson);                   // input (0,0) is exactly what it was; revision bumped
//   h.redo(lesson);                   // and back to 7
#include <cstddef>
#include <vector>

#include "core/lesson.h"

namespace cs {

class History {
public:
    explicit History(std::size_t limit = 256) : limit_(limit) {}

    // Forgets everything; `lesson` becomes the baseline (after loading a lesson).
    void reset(const Lesson& lesson);
    // Records one undo step when the content changed since the last commit.
    // Returns true when a step was recorded (the redo stack is then cleared).
    bool commit(const Lesson& lesson);

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    std::size_t undoCount() const { return undo_.size(); }
    std::size_t redoCount() const { return redo_.size(); }

    // Restore the previous (next) snapshot into `lesson`: content replaced
    // exactly, name kept, revision bumped. Uncommitted edits are committed
    // first, so they can be redone. Returns false when there is nothing to do.
    bool undo(Lesson& lesson);
    bool redo(Lesson& lesson);

private:
    void restore(const Lesson& snapshot, Lesson& lesson);

    std::size_t limit_;
    Lesson committed_;
    std::vector<Lesson> undo_, redo_;
};

}  // namespace cs
