#include "data/image.hpp"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <vector>

#include "base/errors.hpp"

namespace bf::data {

namespace {

uint8_t pixel(double v) { return static_cast<uint8_t>(std::clamp(std::round(v), 0.0, 255.0)); }

}  // namespace

// libpng's simplified API: it converts every PNG layout to 8-bit RGB and reports errors in image.message.
FeatureMap read_png(const std::string& file) {
  std::FILE* probe = std::fopen(file.c_str(), "rb");
  if (!probe) throw InputError(file, "", "cannot open the image");
  unsigned char sig[8] = {};
  const bool is_png = std::fread(sig, 1, 8, probe) == 8 && png_sig_cmp(sig, 0, 8) == 0;
  std::fclose(probe);
  if (!is_png) throw InputError(file, "", "is not a PNG file");
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, file.c_str())) {
    throw InputError(file, "", std::string("damaged or unsupported PNG: ") + image.message);
  }
  if (image.width == 0 || image.height == 0 || image.width > 16384 || image.height > 16384) {
    png_image_free(&image);
    throw InputError(file, "", "image size " + std::to_string(image.width) + " x " + std::to_string(image.height) +
                                   " (1 to 16384 per side)");
  }
  image.format = PNG_FORMAT_RGB;
  std::vector<uint8_t> rgb(PNG_IMAGE_SIZE(image));
  png_color black{0, 0, 0};
  if (!png_image_finish_read(&image, &black, rgb.data(), 0, nullptr)) {
    const std::string msg = image.message;
    png_image_free(&image);
    throw InputError(file, "", "damaged or unsupported PNG: " + msg);
  }
  FeatureMap img(static_cast<int>(image.height), static_cast<int>(image.width), 3);
  std::copy(rgb.begin(), rgb.end(), img.v.begin());
  return img;
}

void write_png(const std::string& file, const FeatureMap& img) {
  if (img.c != 3 && img.c != 1) throw ToolError("write_png: 1 or 3 channels, got " + std::to_string(img.c));
  std::vector<uint8_t> buf(img.v.size());
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = pixel(img.v[i]);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(img.w);
  image.height = static_cast<png_uint_32>(img.h);
  image.format = img.c == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  if (!png_image_write_to_file(&image, file.c_str(), 0, buf.data(), 0, nullptr)) {
    throw ToolError("writing " + file + ": " + image.message);
  }
}

FeatureMap centre_crop(const FeatureMap& img, int size, int scale) {
  const int h = std::min(size, img.h) / scale * scale, w = std::min(size, img.w) / scale * scale;
  const int y0 = (img.h - h) / 2, x0 = (img.w - w) / 2;
  FeatureMap o(h, w, img.c);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < img.c; ++c) o.at(y, x, c) = img.at(y0 + y, x0 + x, c);
  return o;
}

FeatureMap shrink(const FeatureMap& img, int scale) {
  FeatureMap o(img.h / scale, img.w / scale, img.c);
  const double n = scale * scale;
  for (int y = 0; y < o.h; ++y) {
    for (int x = 0; x < o.w; ++x) {
      for (int c = 0; c < img.c; ++c) {
        double s = 0;
        for (int dy = 0; dy < scale; ++dy)
          for (int dx = 0; dx < scale; ++dx) s += img.at(y * scale + dy, x * scale + dx, c);
        o.at(y, x, c) = std::floor(s / n + 0.5);
      }
    }
  }
  return o;
}

FeatureMap to_pixels(const FeatureMap& img) {
  FeatureMap o = img;
  for (double& v : o.v) v = pixel(v);
  return o;
}

double psnr(const FeatureMap& a, const FeatureMap& b, double peak) {
  if (a.h != b.h || a.w != b.w || a.c != b.c) throw std::invalid_argument("psnr: shapes differ");
  double se = 0;
  for (size_t i = 0; i < a.v.size(); ++i) se += (a.v[i] - b.v[i]) * (a.v[i] - b.v[i]);
  if (se == 0) return std::numeric_limits<double>::infinity();
  return 10 * std::log10(peak * peak / (se / static_cast<double>(a.v.size())));
}

double feature_psnr(const FeatureMap& x, const FeatureMap& ref) {
  double peak = 0;
  for (double v : ref.v) peak = std::max(peak, std::abs(v));
  const double p = psnr(x, ref, peak);
  return std::isinf(p) && p < 0 ? 0 : p;  // an all-zero reference against a non-zero x
}

}  // namespace bf::data
