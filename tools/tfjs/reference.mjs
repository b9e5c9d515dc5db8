// The float reference of `bitforge evaluate`, computed by TensorFlow.js itself (npm @tensorflow/tfjs, pure
// JavaScript, CPU backend): loads a layers model from MODEL_DIR/model.json and its shards, runs it on the image
// in INPUT.json ({"h", "w", "c", "pixels": h*w*c values, row-major, channels fastest}) and writes
// {"h", "w", "c", "output": [...], "tfjs_version", "backend"} to OUTPUT.json.
// Run through tools/tfjs/reference.sh, which installs TF.js into a cache folder first.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [modelDir, inputFile, outputFile, tfjsDir] = process.argv.slice(2);
if (!modelDir || !inputFile || !outputFile || !tfjsDir) {
  console.error('usage: node reference.mjs MODEL_DIR INPUT.json OUTPUT.json TFJS_NODE_MODULES_PARENT');
  process.exit(2);
}
const require = createRequire(join(tfjsDir, 'package.json'));
const tf = require('@tensorflow/tfjs');
await tf.setBackend('cpu');

const model = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
const specs = [];
const buffers = [];
for (const group of model.weightsManifest) {
  specs.push(...group.weights);
  for (const p of group.paths) buffers.push(readFileSync(join(modelDir, p)));
}
const all = Buffer.concat(buffers);
const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
const net = await tf.loadLayersModel({
  load: async () => ({ modelTopology: model.modelTopology, weightSpecs: specs, weightData }),
});

const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const x = tf.tensor4d(input.pixels, [1, input.h, input.w, input.c], 'float32');
const y = net.predict(x);
const [, h, w, c] = y.shape;
const out = Array.from(await y.data());
writeFileSync(outputFile, JSON.stringify({ h, w, c, output: out, tfjs_version: tf.version.tfjs, backend: tf.getBackend() }));
console.error(`reference.mjs: ${input.h} x ${input.w} x ${input.c} -> ${h} x ${w} x ${c} (TF.js ${tf.version.tfjs}, ${tf.getBackend()})`);
