// Snippets written the way real PyTorch, Keras/TensorFlow, JAX/Flax and TensorFlow.js code is written (model
// definitions, training scripts, notebook cells, TF.js apps), each with the hover position marked by ‸ and what
// the hover must find there — or `null` where nothing may hover (unrelated names, comments, ordinary strings).

/** What a hover at the marked position must report. */
export interface ExpectedHover {
  readonly id: string;
  readonly framework: 'pytorch' | 'keras' | 'tensorflow' | 'jax' | 'flax' | 'tfjs';
  readonly kind: 'module' | 'functional' | 'string';
  /** The catalog parameters the code computes with (written values over the framework's defaults). */
  readonly params: Record<string, number | string>;
  /** Catalog parameters the code writes (as valid literals). */
  readonly written?: readonly string[];
  /** The hovered text, exactly. */
  readonly range?: string;
}

export interface HoverCase {
  readonly title: string;
  readonly language: string;
  /** Source with one ‸ where the mouse is (the character after it is the hovered one). */
  readonly source: string;
  readonly expect: ExpectedHover | null;
}

export const CURSOR = '‸';

const TORCH_MODEL = (body: string) => `import torch
from torch import nn
import torch.nn.functional as F


class Discriminator(nn.Module):
    """A small GAN discriminator (uses nn.LeakyReLU(0.2) as in DCGAN)."""

    def __init__(self, channels: int = 64):
        super().__init__()
${body}
`;

export const PYTORCH_CASES: readonly HoverCase[] = [
  {
    title: 'nn.LeakyReLU(0.2) in nn.Sequential, positional slope (from torch import nn)',
    language: 'python',
    source: 'import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(2, 8), nn.Leaky‸ReLU(0.2), nn.Linear(8, 1))\n',
    expect: { id: 'leaky_relu', framework: 'pytorch', kind: 'module', params: { negative_slope: 0.2 }, written: ['negative_slope'], range: 'nn.LeakyReLU' },
  },
  {
    title: 'torch.nn.LeakyReLU(0.2) fully qualified, hovered on the `torch` segment',
    language: 'python',
    source: 'import torch\n\nact = to‸rch.nn.LeakyReLU(0.2)\n',
    expect: { id: 'leaky_relu', framework: 'pytorch', kind: 'module', params: { negative_slope: 0.2 }, written: ['negative_slope'], range: 'torch.nn.LeakyReLU' },
  },
  {
    title: 'keyword negative_slope with inplace=True, in a multi-line call with a comment',
    language: 'python',
    source: TORCH_MODEL(
      '        self.act = nn.‸LeakyReLU(\n            negative_slope=0.1,  # GAN discriminators use 0.2; we found 0.1 steadier\n            inplace=True,\n        )',
    ),
    expect: { id: 'leaky_relu', framework: 'pytorch', kind: 'module', params: { negative_slope: 0.1 }, written: ['negative_slope'] },
  },
  {
    title: 'F.elu(x, alpha=0.5) with import torch.nn.functional as F',
    language: 'python',
    source: TORCH_MODEL('        pass\n\n    def forward(self, x):\n        return F.e‸lu(self.conv(x), alpha=0.5)'),
    expect: { id: 'elu', framework: 'pytorch', kind: 'functional', params: { alpha: 0.5 }, written: ['alpha'], range: 'F.elu' },
  },
  {
    title: 'F.leaky_relu(h, 0.1): positional slope after the input (from torch.nn import functional as F)',
    language: 'python',
    source: 'from torch.nn import functional as F\n\nh = F.leaky_‸relu(h, 0.1)\n',
    expect: { id: 'leaky_relu', framework: 'pytorch', kind: 'functional', params: { negative_slope: 0.1 }, written: ['negative_slope'] },
  },
  {
    title: 'nn.GELU(approximate="tanh") with import torch.nn as nn',
    language: 'python',
    source: 'import torch.nn as nn\n\nmlp = nn.Sequential(nn.Linear(768, 3072), nn.GE‸LU(approximate="tanh"), nn.Linear(3072, 768))\n',
    expect: { id: 'gelu', framework: 'pytorch', kind: 'module', params: { approximate: 'tanh' }, written: ['approximate'] },
  },
  {
    title: 'torch.relu(x)',
    language: 'python',
    source: 'import torch\n\ny = torch.re‸lu(x @ w + b)\n',
    expect: { id: 'relu', framework: 'pytorch', kind: 'functional', params: {}, range: 'torch.relu' },
  },
  {
    title: 'torch.sigmoid(logits)',
    language: 'python',
    source: 'import torch\n\nprobs = torch.sig‸moid(logits)\nloss = -(y * probs.log()).mean()\n',
    expect: { id: 'sigmoid', framework: 'pytorch', kind: 'functional', params: {} },
  },
  {
    title: 'nn.PReLU(num_parameters=…) over several lines, the slope left to its default',
    language: 'python',
    source: 'from torch import nn\n\nself.act = nn.PRe‸LU(\n    num_parameters=64,  # one slope per channel\n)\n',
    expect: { id: 'prelu', framework: 'pytorch', kind: 'module', params: { num_parameters: 64, weight: 0.25 }, written: ['num_parameters'] },
  },
  {
    title: 'nn.PReLU(64, 0.1): positional num_parameters and init (init is the catalog’s weight)',
    language: 'python',
    source: 'from torch import nn\nact = nn.PReLU‸(64, 0.1)\n',
    expect: { id: 'prelu', framework: 'pytorch', kind: 'module', params: { num_parameters: 64, weight: 0.1 }, written: ['num_parameters', 'weight'] },
  },
  {
    title: 'a bare name imported with from torch.nn import …, renamed with as',
    language: 'python',
    source: 'from torch.nn import Linear, LeakyReLU as Leaky, Sequential\n\nnet = Sequential(Linear(4, 4), Lea‸ky(0.05))\n',
    expect: { id: 'leaky_relu', framework: 'pytorch', kind: 'module', params: { negative_slope: 0.05 }, written: ['negative_slope'], range: 'Leaky' },
  },
  {
    title: 'a bare name from a parenthesised multi-line from-import',
    language: 'python',
    source: 'from torch.nn import (\n    Linear,  # layers\n    SiLU,\n)\n\nact = Si‸LU()\n',
    expect: { id: 'silu', framework: 'pytorch', kind: 'module', params: {} },
  },
  {
    title: 'a bare function from a star import',
    language: 'python',
    source: 'from torch.nn.functional import *\n\nout = ge‸lu(hidden)\n',
    expect: { id: 'gelu', framework: 'pytorch', kind: 'functional', params: { approximate: 'none' } },
  },
  {
    title: 'nn.RReLU(1/8, 1/3): literal arithmetic',
    language: 'python',
    source: 'from torch import nn\nact = nn.RR‸eLU(1/8, 1/3)\n',
    expect: { id: 'rrelu', framework: 'pytorch', kind: 'module', params: { lower: 0.125, upper: 1 / 3 }, written: ['lower', 'upper'] },
  },
  {
    title: 'nn.Hardtanh(-2.0, 2.0): negative positional literals',
    language: 'python',
    source: 'from torch import nn\nclip = nn.Hard‸tanh(-2.0, 2.0)\n',
    expect: { id: 'hardtanh', framework: 'pytorch', kind: 'module', params: { min_val: -2, max_val: 2 }, written: ['min_val', 'max_val'] },
  },
  {
    title: 'nn.Softplus(beta=2, threshold=10)',
    language: 'python',
    source: 'import torch.nn as nn\nsp = nn.Soft‸plus(beta=2, threshold=10)\n',
    expect: { id: 'softplus', framework: 'pytorch', kind: 'module', params: { beta: 2, threshold: 10 }, written: ['beta', 'threshold'] },
  },
  {
    title: 'nn.LeakyReLU(slope): a variable, so the default is drawn',
    language: 'python',
    source: 'from torch import nn\nslope = 0.2\nact = nn.LeakyR‸eLU(slope)\n',
    expect: { id: 'leaky_relu', framework: 'pytorch', kind: 'module', params: { negative_slope: 0.01 } },
  },
  {
    title: 'activation="gelu" in a PyTorch Transformer layer means F.gelu',
    language: 'python',
    source: 'from torch import nn\nlayer = nn.TransformerEncoderLayer(d_model=512, nhead=8, activation=‸"gelu", batch_first=True)\n',
    expect: { id: 'gelu', framework: 'pytorch', kind: 'string', params: { approximate: 'none' }, range: '"gelu"' },
  },
  {
    title: 'nn.ReLU in a notebook-style cell with no imports (conventional nn)',
    language: 'python',
    source: 'layers = [nn.Linear(784, 256), nn.Re‸LU(), nn.Dropout(0.2)]\n',
    expect: { id: 'relu', framework: 'pytorch', kind: 'module', params: {} },
  },
  {
    title: 'hovering the name in its own import line',
    language: 'python',
    source: 'from torch.nn import Mi‸sh\n',
    expect: { id: 'mish', framework: 'pytorch', kind: 'module', params: {} },
  },
];

export const KERAS_TF_CASES: readonly HoverCase[] = [
  {
    title: 'keras.layers.LeakyReLU(negative_slope=0.2) (Keras 3)',
    language: 'python',
    source: 'import keras\n\nx = keras.layers.Leaky‸ReLU(negative_slope=0.2)(x)\n',
    expect: { id: 'leaky_relu', framework: 'keras', kind: 'module', params: { negative_slope: 0.2 }, written: ['negative_slope'] },
  },
  {
    title: 'tf.keras.layers.LeakyReLU(alpha=0.2): the Keras 2 keyword',
    language: 'python',
    source: 'import tensorflow as tf\n\nmodel = tf.keras.Sequential([\n    tf.keras.layers.Dense(128),\n    tf.keras.layers.Leaky‸ReLU(alpha=0.2),\n])\n',
    expect: { id: 'leaky_relu', framework: 'keras', kind: 'module', params: { negative_slope: 0.2 }, written: ['negative_slope'] },
  },
  {
    title: 'keras.layers.LeakyReLU() left to Keras’ own default 0.3',
    language: 'python',
    source: 'from tensorflow import keras\n\nact = keras.layers.Leaky‸ReLU()\n',
    expect: { id: 'leaky_relu', framework: 'keras', kind: 'module', params: { negative_slope: 0.3 } },
  },
  {
    title: 'layers.Dense(64, activation="swish") is SiLU (from keras import layers)',
    language: 'python',
    source: 'from keras import layers\n\nhidden = layers.Dense(64, activation="sw‸ish")(inputs)\n',
    expect: { id: 'silu', framework: 'keras', kind: 'string', params: {}, range: '"swish"' },
  },
  {
    title: "activation='leaky_relu' is keras.activations.leaky_relu with its default 0.2",
    language: 'python',
    source: "from tensorflow.keras import layers\nlayers.Conv2D(32, 3, padding='same', activation='leaky‸_relu')\n",
    expect: { id: 'leaky_relu', framework: 'keras', kind: 'string', params: { negative_slope: 0.2 } },
  },
  {
    title: 'keras.activations.gelu passed as a value',
    language: 'python',
    source: 'from tensorflow import keras\n\nffn = keras.layers.Dense(3072, activation=keras.activations.ge‸lu)\n',
    expect: { id: 'gelu', framework: 'keras', kind: 'functional', params: { approximate: 'none' }, range: 'keras.activations.gelu' },
  },
  {
    title: 'keras.activations.gelu(x, approximate=True): a boolean mapped to the tanh form',
    language: 'python',
    source: 'import keras\ny = keras.activations.ge‸lu(x, approximate=True)\n',
    expect: { id: 'gelu', framework: 'keras', kind: 'functional', params: { approximate: 'tanh' }, written: ['approximate'] },
  },
  {
    title: 'tf.nn.relu',
    language: 'python',
    source: 'import tensorflow as tf\n\nh = tf.nn.re‸lu(tf.matmul(x, w) + b)\n',
    expect: { id: 'relu', framework: 'tensorflow', kind: 'functional', params: {} },
  },
  {
    title: 'tf.nn.leaky_relu(x, alpha=0.1): TensorFlow’s alpha is the slope',
    language: 'python',
    source: 'import tensorflow as tf\nh = tf.nn.leaky_re‸lu(h, alpha=0.1)\n',
    expect: { id: 'leaky_relu', framework: 'tensorflow', kind: 'functional', params: { negative_slope: 0.1 }, written: ['negative_slope'] },
  },
  {
    title: 'tf.nn.leaky_relu(x) left to TensorFlow’s default 0.2',
    language: 'python',
    source: 'import tensorflow as tf\nh = tf.nn.leaky_‸relu(h)\n',
    expect: { id: 'leaky_relu', framework: 'tensorflow', kind: 'functional', params: { negative_slope: 0.2 } },
  },
  {
    title: 'layers.Activation("relu"): the first positional argument',
    language: 'python',
    source: 'from keras import layers\nblock = [layers.BatchNormalization(), layers.Activation("re‸lu")]\n',
    expect: { id: 'relu', framework: 'keras', kind: 'string', params: {} },
  },
  {
    title: 'recurrent_activation="hard_sigmoid" in an LSTM',
    language: 'python',
    source: 'from keras import layers\nlstm = layers.LSTM(64, recurrent_activation="hard_sig‸moid", return_sequences=True)\n',
    expect: { id: 'hardsigmoid', framework: 'keras', kind: 'string', params: {} },
  },
  {
    title: 'a config dict {"activation": "gelu"}',
    language: 'python',
    source: 'config = {"units": 128, "activation": "ge‸lu", "dropout": 0.1}\n',
    expect: { id: 'gelu', framework: 'keras', kind: 'string', params: { approximate: 'none' } },
  },
  {
    title: 'layers.ELU(alpha=0.5) with from tensorflow.keras import layers',
    language: 'python',
    source: 'from tensorflow.keras import layers\nact = layers.E‸LU(alpha=0.5)\n',
    expect: { id: 'elu', framework: 'keras', kind: 'module', params: { alpha: 0.5 }, written: ['alpha'] },
  },
  {
    title: 'tf.keras.activations.swish is SiLU',
    language: 'python',
    source: 'import tensorflow as tf\nact = tf.keras.activations.swi‸sh\n',
    expect: { id: 'silu', framework: 'keras', kind: 'functional', params: {} },
  },
];

export const JAX_FLAX_CASES: readonly HoverCase[] = [
  {
    title: 'jax.nn.relu',
    language: 'python',
    source: 'import jax\nimport jax.numpy as jnp\n\ndef mlp(params, x):\n    for w, b in params[:-1]:\n        x = jax.nn.re‸lu(jnp.dot(x, w) + b)\n    return x\n',
    expect: { id: 'relu', framework: 'jax', kind: 'functional', params: {} },
  },
  {
    title: 'jax.nn.gelu(x, approximate=False) is the erf form',
    language: 'python',
    source: 'import jax\ny = jax.nn.ge‸lu(x, approximate=False)\n',
    expect: { id: 'gelu', framework: 'jax', kind: 'functional', params: { approximate: 'none' }, written: ['approximate'] },
  },
  {
    title: 'jax.nn.gelu(x) defaults to the tanh approximation',
    language: 'python',
    source: 'import jax\ny = jax.nn.ge‸lu(x)\n',
    expect: { id: 'gelu', framework: 'jax', kind: 'functional', params: { approximate: 'tanh' } },
  },
  {
    title: 'nn.silu with import flax.linen as nn',
    language: 'python',
    source: 'import flax.linen as nn\n\nclass MLP(nn.Module):\n    @nn.compact\n    def __call__(self, x):\n        x = nn.Dense(128)(x)\n        return nn.si‸lu(x)\n',
    expect: { id: 'silu', framework: 'flax', kind: 'functional', params: {} },
  },
  {
    title: 'nn.gelu with from flax import linen as nn defaults to tanh',
    language: 'python',
    source: 'from flax import linen as nn\nx = nn.ge‸lu(x)\n',
    expect: { id: 'gelu', framework: 'flax', kind: 'functional', params: { approximate: 'tanh' } },
  },
  {
    title: 'flax nn.PReLU() starts its slope at 0.01',
    language: 'python',
    source: 'import flax.linen as nn\nact = nn.PRe‸LU()\n',
    expect: { id: 'prelu', framework: 'flax', kind: 'module', params: { num_parameters: 1, weight: 0.01 } },
  },
  {
    title: 'jnn.leaky_relu(x, negative_slope=0.1) with from jax import nn as jnn',
    language: 'python',
    source: 'from jax import nn as jnn\ny = jnn.leaky‸_relu(x, negative_slope=0.1)\n',
    expect: { id: 'leaky_relu', framework: 'jax', kind: 'functional', params: { negative_slope: 0.1 }, written: ['negative_slope'] },
  },
];

export const TFJS_CASES: readonly HoverCase[] = [
  {
    title: 'tf.relu with import * as tf from @tensorflow/tfjs',
    language: 'typescript',
    source: "import * as tf from '@tensorflow/tfjs';\n\nconst y = tf.re‸lu(tf.tensor1d([-1, 0, 2]));\n",
    expect: { id: 'relu', framework: 'tfjs', kind: 'functional', params: {} },
  },
  {
    title: 'tf.layers.leakyReLU({alpha: 0.1}): a config object',
    language: 'javascript',
    source: "import * as tf from '@tensorflow/tfjs';\n\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({ units: 16, inputShape: [2] }));\nmodel.add(tf.layers.leaky‸ReLU({ alpha: 0.1 }));\n",
    expect: { id: 'leaky_relu', framework: 'tfjs', kind: 'module', params: { negative_slope: 0.1 }, written: ['negative_slope'], range: 'tf.layers.leakyReLU' },
  },
  {
    title: 'tf.layers.leakyReLU() with require(@tensorflow/tfjs-node) left to TF.js’ 0.3',
    language: 'javascript',
    source: "const tf = require('@tensorflow/tfjs-node');\nconst act = tf.layers.leaky‸ReLU();\n",
    expect: { id: 'leaky_relu', framework: 'tfjs', kind: 'module', params: { negative_slope: 0.3 } },
  },
  {
    title: 'tf.leakyRelu(x, 0.1): positional alpha after the input',
    language: 'typescript',
    source: "import * as tf from '@tensorflow/tfjs';\nconst y = tf.leaky‸Relu(x, 0.1);\n",
    expect: { id: 'leaky_relu', framework: 'tfjs', kind: 'functional', params: { negative_slope: 0.1 }, written: ['negative_slope'] },
  },
  {
    title: "activation: 'elu' in a multi-line layer config",
    language: 'typescript',
    source: "import * as tf from '@tensorflow/tfjs';\nmodel.add(\n  tf.layers.dense({\n    units: 8,\n    activation: 'e‸lu', // smoother than relu here\n  }),\n);\n",
    expect: { id: 'elu', framework: 'tfjs', kind: 'string', params: { alpha: 1 }, range: "'elu'" },
  },
  {
    title: "activation: 'swish' in TSX is SiLU",
    language: 'typescriptreact',
    source: "import { layers } from '@tensorflow/tfjs';\nexport const Demo = () => <Plot layer={layers.dense({ units: 4, activation: 'swi‸sh' })} />;\n",
    expect: { id: 'silu', framework: 'tfjs', kind: 'string', params: {} },
  },
  {
    title: 'layers.elu({alpha: 1}) with a named import',
    language: 'javascriptreact',
    source: "import { layers } from '@tensorflow/tfjs';\nconst act = layers.e‸lu({ alpha: 1 });\n",
    expect: { id: 'elu', framework: 'tfjs', kind: 'module', params: { alpha: 1 }, written: ['alpha'] },
  },
];

/** Places where nothing may hover. */
export const NEGATIVE_CASES: readonly HoverCase[] = [
  { title: 'an unrelated Python variable named relu', language: 'python', source: 'import torch\nre‸lu = 3\nprint(relu + 1)\n', expect: null },
  { title: 'a local function named relu and its call', language: 'python', source: 'def relu(x):\n    return max(0.0, x)\n\ny = re‸lu(-1.0)\n', expect: null },
  { title: 'nn.ReLU inside a comment', language: 'python', source: 'from torch import nn\n# TODO: try nn.Re‸LU() instead\nact = nn.GELU()\n', expect: null },
  { title: 'nn.LeakyReLU inside a docstring', language: 'python', source: 'from torch import nn\ndef block():\n    """Conv → BN → nn.Leaky‸ReLU(0.2)."""\n    return None\n', expect: null },
  { title: 'a string that is not an activation argument', language: 'python', source: 'name = "re‸lu"\nprint(name)\n', expect: null },
  { title: 'a comparison activation == "relu"', language: 'python', source: 'if activation == "re‸lu":\n    pass\n', expect: null },
  { title: 'a layer name that happens to be relu', language: 'python', source: 'from keras import layers\nlayers.Dense(8, name="re‸lu")\n', expect: null },
  { title: 'the approximate="tanh" option string', language: 'python', source: 'from torch import nn\nnn.GELU(approximate="ta‸nh")\n', expect: null },
  { title: 'an activation string the catalog does not have', language: 'python', source: 'from keras import layers\nlayers.Dense(10, activation="soft‸max")\n', expect: null },
  { title: 'a keyword argument name', language: 'python', source: 'from torch import nn\nnn.LeakyReLU(negative_‸slope=0.2)\n', expect: null },
  { title: 'an attribute of a model', language: 'python', source: 'import torch\nout = self.re‸lu(self.fc1(x))\n', expect: null },
  { title: 'a tensor method x.relu()', language: 'python', source: 'import torch\ny = x.re‸lu()\n', expect: null },
  { title: 'nn.Linear is not an activation', language: 'python', source: 'from torch import nn\nfc = nn.Lin‸ear(4, 4)\n', expect: null },
  { title: 'F bound to another library', language: 'python', source: 'import mylib.functions as F\ny = F.re‸lu(x)\n', expect: null },
  { title: 'numpy’s tanh', language: 'python', source: 'import numpy as np\ny = np.ta‸nh(x)\n', expect: null },
  { title: 'a bare relu with no import', language: 'python', source: 'y = re‸lu(x)\n', expect: null },
  { title: 'a JavaScript arrow function named relu', language: 'javascript', source: 'const relu = (x) => Math.max(0, x);\nconsole.log(re‸lu(-2));\n', expect: null },
  { title: 'tf.relu in a JavaScript comment', language: 'javascript', source: "import * as tf from '@tensorflow/tfjs';\n// tf.re‸lu is applied below\n", expect: null },
  { title: 'tf.relu inside a block comment', language: 'typescript', source: "import * as tf from '@tensorflow/tfjs';\n/* uses\n   tf.re‸lu */\n", expect: null },
  { title: "a JavaScript string 'relu' that is not an activation", language: 'javascript', source: "const label = 're‸lu';\n", expect: null },
  { title: 'tf from a library that is not TensorFlow.js', language: 'typescript', source: "import * as tf from 'tiny-tensor';\nconst y = tf.re‸lu(x);\n", expect: null },
  { title: 'relu inside a template literal', language: 'javascript', source: "import * as tf from '@tensorflow/tfjs';\nconst s = `apply tf.re‸lu to ${x}`;\n", expect: null },
  { title: 'a number', language: 'python', source: 'from torch import nn\nnn.LeakyReLU(0.‸2)\n', expect: null },
];
