#include "core/score/score_source.h"

#include "core/util/enum_names.h"

namespace geodex {

ScoreSource defaultScoreSource(const SyntheticManifold& manifold) {
  const bool analytic =
      manifold.kind() == ManifoldKind::Circle || manifold.kind() == ManifoldKind::Sphere;
  return analytic ? ScoreSource::Analytic : ScoreSource::Quadrature;
}

// As users type them (options, JSON, menus).
static const EnumNames<ScoreSource> kSourceNames = {
    {ScoreSource::Analytic, "analytic"}, {ScoreSource::Quadrature, "quadrature"},
    {ScoreSource::Empirical, "empirical"}, {ScoreSource::EmpiricalTorch, "empirical-torch"},
    {ScoreSource::Trained, "trained"}};
ScoreSource parseScoreSource(const std::string& text) { return parseEnumName(kSourceNames, text, "score"); }
std::string toString(ScoreSource source) { return enumName(kSourceNames, source); }

}  // namespace geodex
