#pragma once
// What one explorer solve gives the window: core's scene result and the settings it was
// computed for (plain values, copied from the worker thread to the GUI).
#include "core/pipelines/synthetic_scene.h"
#include "ui/explorer/explorer_settings.h"

namespace geodex {

struct ExplorerResult : SyntheticSceneResult {
  ExplorerSettings settings;
  double jobSeconds = 0.0;  // scene (when rebuilt), metric field and solve
};

}  // namespace geodex
