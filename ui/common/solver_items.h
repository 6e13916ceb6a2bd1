#pragma once
// The solver menus of every mode, from core's list and names (kGeodesicSolverKinds, toString):
// one item per solver, its name as both text and data (parseGeodesicSolverKind reads it back).
class QComboBox;

namespace geodex {

void addSolverItems(QComboBox* box);

}  // namespace geodex
