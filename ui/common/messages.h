#pragma once
// The two ways the GUI turns a failure into words for the user.
#include <QString>
#include <functional>

class QWidget;

namespace geodex {

// A warning box that does not block: window-modal, deleted when closed, so that the solver and
// the views keep running behind it.
void showWarning(QWidget* parent, const QString& title, const QString& message);

// Runs `action`; empty when it succeeded, else the exception's message (core's messages say what
// to do). No exception crosses the event loop (docs/design.md §2 rule 4).
QString messageOf(const std::function<void()>& action);

}  // namespace geodex
