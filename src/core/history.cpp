#include "core/history.h"

namespace cs {

void History::reset(const Lesson& lesson) {
    committed_ = lesson;
    undo_.clear();
    redo_.clear();
}

bool History::commit(const Lesson& lesson) {
    if (sameContent(lesson, committed_)) return false;
    undo_.push_back(committed_);
    if (undo_.size() > limit_) undo_.erase(undo_.begin());
    redo_.clear();
    committed_ = lesson;
    return true;
}

void History::restore(const Lesson& snapshot, Lesson& lesson) {
    const auto revision = lesson.revision;
    const std::string name = lesson.name;
    lesson = snapshot;
    lesson.name = name;
    lesson.revision = revision + 1;
    committed_ = lesson;
}

bool History::undo(Lesson& lesson) {
    commit(lesson);
    if (undo_.empty()) return false;
    redo_.push_back(committed_);
    Lesson previous = std::move(undo_.back());
    undo_.pop_back();
    restore(previous, lesson);
    return true;
}

bool History::redo(Lesson& lesson) {
    if (!sameContent(lesson, committed_)) return false;  // a new edit ended the redo chain
    if (redo_.empty()) return false;
    undo_.push_back(committed_);
    Lesson next = std::move(redo_.back());
    redo_.pop_back();
    restore(next, lesson);
    return true;
}

}  // namespace cs
