#pragma once
// Ready-made scenes for teaching: each one click in the Tour menu.
#include <QString>
#include <vector>

#include "ui/explorer/explorer_settings.h"

namespace geodex {

struct TourScene {
  QString title;    // menu entry
  QString caption;  // what to look at, shown in the status bar
  ExplorerSettings settings;
  bool opensSigmaDiagnosis = false;  // also opens "Choose σ…" and computes it
};

std::vector<TourScene> tourScenes();

}  // namespace geodex
