// Photographs for `evaluate` (docs/evaluate.md): PNG in and out (libpng), the low-resolution input made from a
// photo, and PSNR.
#pragma once

#include <string>

#include "data/net.hpp"

namespace bf::data {

// A PNG of any layout (gray, RGB, palette, with or without alpha, 8 or 16 bits) as h x w x 3 values 0..255, by
// libpng's conversion to 8-bit RGB (gray copied to the three channels, alpha composed onto black). A missing file, a file that is not a PNG or a
// damaged one throws InputError naming the file.
FeatureMap read_png(const std::string& file);

// Writes h x w x 3 (or 1) values as an 8-bit PNG, each rounded half away from zero and clamped to 0..255. Throws
// ToolError when the file cannot be written.
void write_png(const std::string& file, const FeatureMap& img);

// The centre crop of `img`, `size` x `size` (the whole side where the image is smaller), cut down to a multiple
// of `scale` on both sides.
FeatureMap centre_crop(const FeatureMap& img, int size, int scale);

// Shrinks by `scale` with a box filter: each output pixel is the mean of its scale x scale block, rounded to an
// integer (half up), as a stored 8-bit image would be. h and w must be multiples of scale.
FeatureMap shrink(const FeatureMap& img, int scale);

// Every value rounded half away from zero and clamped to 0..255 (a model output as it would be stored).
FeatureMap to_pixels(const FeatureMap& img);

// 10 log10(peak^2 / MSE) over every value; +infinity for identical inputs. Both must have the same shape.
double psnr(const FeatureMap& a, const FeatureMap& b, double peak = 255);
// psnr of x against a reference feature map, with the reference's largest |value| as the peak (a layer's output
// against the float model's; 0 when the reference is all 0 and x is not).
double feature_psnr(const FeatureMap& x, const FeatureMap& ref);

}  // namespace bf::data
