#pragma once
// History: undo and redo over snapshots of a page's document (the matrix
// lesson, the layers lesson, the signals lesson, the image lab).
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
//
// A document type needs `revision` and a `sameContent(a, b)` found by argument
// lookup (what an undo step compares: content, not revision or name); a
// `name`, when it has one, is kept across an undo.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/lesson.h"

namespace cs {

template <typename Doc>
class SnapshotHistory {
public:
    explicit SnapshotHistory(std::size_t limit = 256) : limit_(limit) {}

    // Forgets everything; `doc` becomes the baseline (after loading a lesson).
    void reset(const Doc& doc) {
        committed_ = doc;
        undo_.clear();
        redo_.clear();
    }
    // Records one undo step when the content changed since the last commit.
    // Returns true when a step was recorded (the redo stack is then cleared).
    bool commit(const Doc& doc) {
        if (sameContent(doc, committed_)) return false;
        undo_.push_back(committed_);
        if (undo_.size() > limit_) undo_.erase(undo_.begin());
        redo_.clear();
        committed_ = doc;
        return true;
    }

    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    std::size_t undoCount() const { return undo_.size(); }
    std::size_t redoCount() const { return redo_.size(); }

    // Restore the previous (next) snapshot into `doc`: content replaced
    // exactly, name kept, revision bumped. Uncommitted edits are committed
    // first, so they can be redone. Returns false when there is nothing to do.
    bool undo(Doc& doc) {
        commit(doc);
        if (undo_.empty()) return false;
        redo_.push_back(committed_);
        Doc previous = std::move(undo_.back());
        undo_.pop_back();
        restore(previous, doc);
        return true;
    }
    bool redo(Doc& doc) {
        if (!sameContent(doc, committed_)) return false;  // a new edit ended the redo chain
        if (redo_.empty()) return false;
        undo_.push_back(committed_);
        Doc next = std::move(redo_.back());
        redo_.pop_back();
        restore(next, doc);
        return true;
    }

private:
    void restore(const Doc& snapshot, Doc& doc) {
        const auto revision = doc.revision;
        if constexpr (requires { doc.name; }) {
            const std::string name = doc.name;
            doc = snapshot;
            doc.name = name;
        } else {
            doc = snapshot;
        }
        doc.revision = revision + 1;
        committed_ = doc;
    }

    std::size_t limit_;
    Doc committed_;
    std::vector<Doc> undo_, redo_;
};

// The matrix page's history.
using History = SnapshotHistory<Lesson>;

}  // namespace cs
