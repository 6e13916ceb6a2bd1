#pragma once
// --solver, the same in every command that solves for a geodesic: its choices and names are
// core's (kGeodesicSolverKinds, toString(GeodesicSolverKind)).
#include <CLI/CLI.hpp>
#include <string>

namespace geodex::cli {

// The default spelled as core names it ("gauss-newton").
std::string defaultSolverName();

// Adds --solver reading into `solver`; `scope` ends the help ("for every method …"). With a
// non-empty `solver` its value is shown as the default.
void addSolverOption(CLI::App* command, std::string& solver, const std::string& scope = "");

}  // namespace geodex::cli
