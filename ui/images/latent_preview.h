#pragma once
// How the Images mode shows a latent path while it is solved (latents are not pictures).
#include <Eigen/Core>
#include <QImage>
#include <vector>

namespace geodex {

// The path's latents [C·h·w × n] as n false-colour h × w images: their first three channels,
// each scaled to the range of the whole path (so that the frames are comparable).
std::vector<QImage> latentPathPreview(const Eigen::MatrixXd& latents, int channels, int height,
                                      int width);

}  // namespace geodex
