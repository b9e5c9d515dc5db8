// A TensorFlow.js layers model as a typed network, and its float reference forward pass (docs/evaluate.md).
// Supported: InputLayer, Conv2D (stride 1, dilation 1, channels_last, "same" or "valid", activation linear or
// relu), Activation (relu, linear), Concatenate (channel axis), Add, UpSampling2D (nearest). Anything else,
// a layer used twice, or shapes that disagree is bad input: InputError naming model.json and the JSON path.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bf::data {

// One image or feature map, height x width x channels, row-major (channels fastest, as NHWC with N = 1).
struct FeatureMap {
  int h = 0, w = 0, c = 0;
  std::vector<double> v;
  FeatureMap() = default;
  FeatureMap(int h_, int w_, int c_) : h(h_), w(w_), c(c_), v(static_cast<size_t>(h_) * size_t(w_) * size_t(c_), 0.0) {}
  double& at(int y, int x, int ch) { return v[(size_t(y) * size_t(w) + size_t(x)) * size_t(c) + size_t(ch)]; }
  double at(int y, int x, int ch) const { return v[(size_t(y) * size_t(w) + size_t(x)) * size_t(c) + size_t(ch)]; }
};

enum class Op { Input, Conv2D, Relu, Identity, Concat, Add, Upsample };

// A Conv2D's parameters; kernel in Keras order [kh][kw][cin][cout].
struct Conv {
  int kh = 1, kw = 1, cin = 0, cout = 0;
  bool same = true;   // "same" padding (else "valid")
  bool relu = false;  // activation "relu" (else "linear")
  std::vector<double> kernel, bias;  // bias: cout values (0 without use_bias)
  double w(int dy, int dx, int ci, int co) const {
    return kernel[((size_t(dy) * size_t(kw) + size_t(dx)) * size_t(cin) + size_t(ci)) * size_t(cout) + size_t(co)];
  }
  // Output channel co's K = kh x kw x cin weights, in im2col's order (a column of the GEMM's B).
  std::vector<double> column(int co) const {
    std::vector<double> c(kernel.size() / size_t(cout));
    for (size_t i = 0; i < c.size(); ++i) c[i] = kernel[i * size_t(cout) + size_t(co)];
    return c;
  }
};

struct Layer {
  std::string name;
  Op op = Op::Input;
  std::vector<size_t> in;  // indices of earlier layers
  int channels = 0;        // output channels
  Conv conv;               // Op::Conv2D
  int up_h = 1, up_w = 1;  // Op::Upsample
};

struct Network {
  std::string file;           // model.json
  std::vector<Layer> layers;  // in topological order; layers[0] is the input
  size_t output = 0;
  int scale = 1;  // output size / input size (the product of the upsampling factors; 1 without)
};

// Reads model.json (modelTopology and the weight shards). Throws InputError (exit 2).
Network read_network(const std::string& model_json);

// The output of every layer for `input` (h x w x the input layer's channels): `conv` computes each Conv2D from
// its input, every other layer runs in float (apply_layer). The walk every design's path shares.
using ConvFn = std::function<FeatureMap(const Layer&, const FeatureMap&)>;
std::vector<FeatureMap> run_network(const Network&, const FeatureMap& input, const ConvFn& conv);

// run_network with float convolutions, in double precision. A "valid" convolution larger than its input throws
// InputError naming the layer.
std::vector<FeatureMap> forward_float(const Network&, const FeatureMap& input);

// One layer of the forward pass on its inputs' outputs (used by the float pass and by each design's path for the
// layers between convolutions).
FeatureMap apply_layer(const Network&, const Layer&, const std::vector<const FeatureMap*>& in);

// The patch matrix of a convolution (im2col): M = out_h x out_w rows, K = kh x kw x cin columns in the kernel's
// order; padding positions are 0.
struct Patches {
  int out_h = 0, out_w = 0, k = 0;
  std::vector<double> v;  // M x K, row-major
};
Patches im2col(const Conv&, const FeatureMap& in);

}  // namespace bf::data
