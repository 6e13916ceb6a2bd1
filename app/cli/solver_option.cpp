#include "app/cli/solver_option.h"

#include "core/geometry/geodesic_solver_kinds.h"

namespace geodex::cli {

std::string defaultSolverName() { return toString(GeodesicSolverKind::GaussNewton); }

void addSolverOption(CLI::App* command, std::string& solver, const std::string& scope) {
  auto* option = command->add_option(
      "--solver", solver,
      geodesicSolverChoices() + ": geodex's Gauss–Newton or the paper's Adam" + scope +
          " (fast: an older name of gauss-newton)");
  if (!solver.empty()) option->capture_default_str();
}

}  // namespace geodex::cli
