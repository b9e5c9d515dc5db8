#include "data/net.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/errors.hpp"
#include "base/json_io.hpp"
#include "data/tfjs.hpp"

namespace bf::data {

using nlohmann::json;

namespace {

constexpr const char* kSupported =
    "InputLayer, Conv2D, Activation (relu, linear), Concatenate, Add, UpSampling2D (nearest)";

// The reading context: the file, the layers read so far by name, and the weight tensors by name.
struct Reader {
  std::string file;
  std::map<std::string, size_t> index;
  std::vector<Group> groups;
  Network net;

  const json& member(const json& obj, const std::string& key, const std::string& path) const {
    return require_member(obj, key, file, path);
  }
  std::string str(const json& obj, const std::string& key, const std::string& path) const {
    const json& v = member(obj, key, path);
    if (!v.is_string()) throw InputError(file, path + "/" + key, "must be a string, got " + describe_json(v));
    return v.get<std::string>();
  }
  // A pair of small positive integers, e.g. kernel_size or strides.
  std::pair<int, int> pair(const json& obj, const std::string& key, const std::string& path) const {
    const std::vector<int64_t> v = int_array(member(obj, key, path), 1, 64, file, path + "/" + key);
    if (v.size() != 2) throw InputError(file, path + "/" + key, "must hold 2 integers, got " + std::to_string(v.size()));
    return {static_cast<int>(v[0]), static_cast<int>(v[1])};
  }
  std::vector<double> weight(const std::string& name, const std::vector<size_t>& shape, const std::string& path) const {
    for (const Group& g : groups) {
      for (const Entry& e : g.entries) {
        if (e.name != name) continue;
        if (e.shape != shape) {
          std::string want, got;
          for (size_t d : shape) want += (want.empty() ? "" : " x ") + std::to_string(d);
          for (size_t d : e.shape) got += (got.empty() ? "" : " x ") + std::to_string(d);
          throw InputError(file, e.path + "/shape", fmt::format("{} must be {} (from {}), got {}", name, want, path, got));
        }
        return entry_values(g, e, file);
      }
    }
    throw InputError(file, "/weightsManifest", "has no weight " + name + " (needed by " + path + ")");
  }
};

const json& layer_list(const Reader& rd, const json& j) {
  const json& topo = rd.member(j, "modelTopology", "");
  std::string path = "/modelTopology";
  const json* cfg = &topo;
  if (topo.is_object() && topo.contains("model_config")) {
    cfg = &topo["model_config"];
    path += "/model_config";
  }
  if (!cfg->is_object()) throw InputError(rd.file, path, "must be an object (a Keras model config)");
  const std::string cls = rd.str(*cfg, "class_name", path);
  if (cls != "Functional" && cls != "Model") {
    throw InputError(rd.file, path + "/class_name", "must be \"Functional\" or \"Model\" (a layers model), got \"" + cls + "\"");
  }
  const json& layers = rd.member(rd.member(*cfg, "config", path), "layers", path + "/config");
  if (!layers.is_array() || layers.empty()) {
    throw InputError(rd.file, path + "/config/layers", "must be a non-empty array of layers");
  }
  return layers;
}

// The indices of a layer's inputs: one inbound node, each entry naming an earlier layer.
std::vector<size_t> inbound(const Reader& rd, const json& l, const std::string& path) {
  const json& nodes = rd.member(l, "inbound_nodes", path);
  if (!nodes.is_array() || nodes.size() != 1 || !nodes[0].is_array() || nodes[0].empty()) {
    throw InputError(rd.file, path + "/inbound_nodes", "must be one node with its inputs (a layer used once)");
  }
  std::vector<size_t> in;
  for (size_t i = 0; i < nodes[0].size(); ++i) {
    const json& e = nodes[0][i];
    const std::string epath = path + "/inbound_nodes/0/" + std::to_string(i);
    if (!e.is_array() || e.empty() || !e[0].is_string()) throw InputError(rd.file, epath, "must be [layer name, ...]");
    const auto it = rd.index.find(e[0].get<std::string>());
    if (it == rd.index.end()) {
      throw InputError(rd.file, epath, "names \"" + e[0].get<std::string>() + "\", which is not an earlier layer");
    }
    in.push_back(it->second);
  }
  return in;
}

void read_conv(Reader& rd, const json& c, const std::string& path, Layer& l) {
  const int cin = rd.net.layers[l.in[0]].channels;
  const auto [kh, kw] = rd.pair(c, "kernel_size", path);
  if (rd.pair(c, "strides", path) != std::pair{1, 1}) throw InputError(rd.file, path + "/strides", "must be [1, 1]");
  if (c.contains("dilation_rate") && rd.pair(c, "dilation_rate", path) != std::pair{1, 1}) {
    throw InputError(rd.file, path + "/dilation_rate", "must be [1, 1]");
  }
  if (c.contains("data_format") && rd.str(c, "data_format", path) != "channels_last") {
    throw InputError(rd.file, path + "/data_format", "must be \"channels_last\"");
  }
  const std::string pad = rd.str(c, "padding", path), act = rd.str(c, "activation", path);
  if (pad != "same" && pad != "valid") throw InputError(rd.file, path + "/padding", "must be \"same\" or \"valid\", got \"" + pad + "\"");
  if (act != "linear" && act != "relu") throw InputError(rd.file, path + "/activation", "must be \"linear\" or \"relu\", got \"" + act + "\"");
  const int cout = static_cast<int>(int_value(rd.member(c, "filters", path), 1, 1 << 16, rd.file, path + "/filters"));
  Conv& k = l.conv;
  k = {kh, kw, cin, cout, pad == "same", act == "relu", {}, {}};
  const std::vector<size_t> kshape = {size_t(kh), size_t(kw), size_t(cin), size_t(cout)};
  k.kernel = rd.weight(l.name + "/kernel", kshape, path);
  const bool bias = !c.contains("use_bias") || c["use_bias"] == true;
  k.bias = bias ? rd.weight(l.name + "/bias", {size_t(cout)}, path) : std::vector<double>(size_t(cout), 0.0);
  l.channels = cout;
}

void read_layer(Reader& rd, const json& lj, const std::string& path) {
  if (!lj.is_object()) throw InputError(rd.file, path, "must be an object (a layer)");
  Layer l;
  const std::string cls = rd.str(lj, "class_name", path);
  const json& c = rd.member(lj, "config", path);
  const std::string cpath = path + "/config";
  l.name = lj.contains("name") && lj["name"].is_string() ? lj["name"].get<std::string>() : rd.str(c, "name", cpath);
  if (rd.index.count(l.name)) throw InputError(rd.file, path + "/name", "repeats the layer name \"" + l.name + "\"");
  if (cls == "InputLayer") {
    if (!rd.net.layers.empty()) throw InputError(rd.file, path, "a second InputLayer (one input is supported)");
    const json& shape = rd.member(c, "batch_input_shape", cpath);
    if (!shape.is_array() || shape.size() != 4 || !shape[3].is_number_integer()) {
      throw InputError(rd.file, cpath + "/batch_input_shape", "must be [null, h, w, channels] with the channels given");
    }
    l.channels = static_cast<int>(int_value(shape[3], 1, 4, rd.file, cpath + "/batch_input_shape/3"));
  } else {
    if (rd.net.layers.empty()) throw InputError(rd.file, path, "comes before the InputLayer");
    l.in = inbound(rd, lj, path);
    const int c0 = rd.net.layers[l.in[0]].channels;
    if (cls == "Conv2D") {
      l.op = Op::Conv2D;
      read_conv(rd, c, cpath, l);
    } else if (cls == "Activation") {
      const std::string act = rd.str(c, "activation", cpath);
      if (act != "relu" && act != "linear") throw InputError(rd.file, cpath + "/activation", "must be \"relu\" or \"linear\", got \"" + act + "\"");
      l.op = act == "relu" ? Op::Relu : Op::Identity;
      l.channels = c0;
    } else if (cls == "Concatenate") {
      if (c.contains("axis") && c["axis"] != 3 && c["axis"] != -1) throw InputError(rd.file, cpath + "/axis", "must be 3 or -1 (channels)");
      l.op = Op::Concat;
      for (size_t i : l.in) l.channels += rd.net.layers[i].channels;
    } else if (cls == "Add") {
      l.op = Op::Add;
      for (size_t i = 0; i < l.in.size(); ++i) {
        if (rd.net.layers[l.in[i]].channels != c0) {
          throw InputError(rd.file, path + "/inbound_nodes/0/" + std::to_string(i),
                           fmt::format("has {} channels, the first input {}: Add needs equal shapes",
                                       rd.net.layers[l.in[i]].channels, c0));
        }
      }
      l.op = Op::Add;
      l.channels = c0;
    } else if (cls == "UpSampling2D") {
      if (c.contains("interpolation") && rd.str(c, "interpolation", cpath) != "nearest") {
        throw InputError(rd.file, cpath + "/interpolation", "must be \"nearest\"");
      }
      l.op = Op::Upsample;
      std::tie(l.up_h, l.up_w) = rd.pair(c, "size", cpath);
      l.channels = c0;
    } else {
      throw InputError(rd.file, path + "/class_name", "unsupported layer type \"" + cls + "\" (supported: " + kSupported + ")");
    }
    if (l.op != Op::Concat && l.op != Op::Add && l.in.size() != 1) {
      throw InputError(rd.file, path + "/inbound_nodes/0", cls + " takes one input, got " + std::to_string(l.in.size()));
    }
  }
  rd.index[l.name] = rd.net.layers.size();
  rd.net.layers.push_back(std::move(l));
}

}  // namespace

Network read_network(const std::string& model_json) {
  Reader rd;
  rd.file = model_json;
  const json j = read_json_file(model_json);
  if (!j.is_object()) throw InputError(model_json, "/", "must be an object (a TensorFlow.js model.json)");
  const json& layers = layer_list(rd, j);
  rd.groups = read_manifest(model_json);
  rd.net.file = model_json;
  const std::string lpath = (j["modelTopology"].contains("model_config") ? "/modelTopology/model_config" : "/modelTopology") +
                            std::string("/config/layers/");
  for (size_t i = 0; i < layers.size(); ++i) read_layer(rd, layers[i], lpath + std::to_string(i));
  rd.net.output = rd.net.layers.size() - 1;
  int up = 1;
  for (const Layer& l : rd.net.layers) {
    if (l.op == Op::Upsample) {
      if (l.up_h != l.up_w) throw InputError(model_json, "", "layer " + l.name + ": only square upsampling is supported");
      up *= l.up_h;
    }
  }
  rd.net.scale = up;
  return std::move(rd.net);
}

Patches im2col(const Conv& k, const FeatureMap& in) {
  Patches p;
  const int ph = k.same ? (k.kh - 1) / 2 : 0, pw = k.same ? (k.kw - 1) / 2 : 0;
  p.out_h = k.same ? in.h : in.h - k.kh + 1;
  p.out_w = k.same ? in.w : in.w - k.kw + 1;
  p.k = k.kh * k.kw * k.cin;
  p.v.assign(size_t(p.out_h) * size_t(p.out_w) * size_t(p.k), 0.0);
  size_t i = 0;
  for (int y = 0; y < p.out_h; ++y) {
    for (int x = 0; x < p.out_w; ++x) {
      for (int dy = 0; dy < k.kh; ++dy) {
        for (int dx = 0; dx < k.kw; ++dx) {
          const int sy = y + dy - ph, sx = x + dx - pw;
          const bool inside = sy >= 0 && sy < in.h && sx >= 0 && sx < in.w;
          for (int ci = 0; ci < k.cin; ++ci, ++i) p.v[i] = inside ? in.at(sy, sx, ci) : 0.0;
        }
      }
    }
  }
  return p;
}

namespace {

FeatureMap conv_float(const Layer& l, const FeatureMap& in) {
  const Conv& k = l.conv;
  const Patches p = im2col(k, in);
  FeatureMap out(p.out_h, p.out_w, k.cout);
  const size_t m = size_t(p.out_h) * size_t(p.out_w);
  for (size_t r = 0; r < m; ++r) {
    const double* row = &p.v[r * size_t(p.k)];
    for (int co = 0; co < k.cout; ++co) {
      double s = k.bias[size_t(co)];
      for (int i = 0; i < p.k; ++i) s += row[i] * k.kernel[size_t(i) * size_t(k.cout) + size_t(co)];
      out.v[r * size_t(k.cout) + size_t(co)] = k.relu ? std::max(0.0, s) : s;
    }
  }
  return out;
}

}  // namespace

FeatureMap apply_layer(const Network& net, const Layer& l, const std::vector<const FeatureMap*>& in) {
  const FeatureMap& a = *in.at(0);
  switch (l.op) {
    case Op::Input:
    case Op::Identity:
      return a;
    case Op::Relu: {
      FeatureMap o = a;
      for (double& v : o.v) v = std::max(0.0, v);
      return o;
    }
    case Op::Conv2D:
      if (!l.conv.same && (a.h < l.conv.kh || a.w < l.conv.kw)) {
        throw InputError(net.file, "", fmt::format("layer {}: a {} x {} valid convolution on a {} x {} input", l.name,
                                                   l.conv.kh, l.conv.kw, a.h, a.w));
      }
      return conv_float(l, a);
    case Op::Concat: {
      FeatureMap o(a.h, a.w, l.channels);
      for (int y = 0; y < a.h; ++y) {
        for (int x = 0; x < a.w; ++x) {
          int c = 0;
          for (const FeatureMap* f : in) {
            for (int ci = 0; ci < f->c; ++ci) o.at(y, x, c++) = f->at(y, x, ci);
          }
        }
      }
      return o;
    }
    case Op::Add: {
      FeatureMap o = a;
      for (size_t i = 1; i < in.size(); ++i) {
        if (in[i]->h != a.h || in[i]->w != a.w) {
          throw InputError(net.file, "", fmt::format("layer {}: Add of {} x {} and {} x {} maps", l.name, a.h, a.w,
                                                     in[i]->h, in[i]->w));
        }
        for (size_t j = 0; j < o.v.size(); ++j) o.v[j] += in[i]->v[j];
      }
      return o;
    }
    case Op::Upsample: {
      FeatureMap o(a.h * l.up_h, a.w * l.up_w, a.c);
      for (int y = 0; y < o.h; ++y)
        for (int x = 0; x < o.w; ++x)
          for (int ch = 0; ch < a.c; ++ch) o.at(y, x, ch) = a.at(y / l.up_h, x / l.up_w, ch);
      return o;
    }
  }
  return a;
}

std::vector<FeatureMap> run_network(const Network& net, const FeatureMap& input, const ConvFn& conv) {
  if (input.c != net.layers.at(0).channels) {
    throw InputError(net.file, "", fmt::format("the input has {} channels, the model takes {}", input.c,
                                               net.layers[0].channels));
  }
  std::vector<FeatureMap> out;
  out.reserve(net.layers.size());
  for (const Layer& l : net.layers) {
    if (l.op == Op::Input) {
      out.push_back(input);
      continue;
    }
    std::vector<const FeatureMap*> in;
    for (size_t i : l.in) in.push_back(&out[i]);
    out.push_back(l.op == Op::Conv2D ? conv(l, *in[0]) : apply_layer(net, l, in));
  }
  return out;
}

std::vector<FeatureMap> forward_float(const Network& net, const FeatureMap& input) {
  return run_network(net, input, [&](const Layer& l, const FeatureMap& in) { return apply_layer(net, l, {&in}); });
}

}  // namespace bf::data
