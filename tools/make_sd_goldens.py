#!/usr/bin/env python3
"""Golden reference outputs for tiny random-weight Stable Diffusion 1.x / 2.x networks.

The networks are built by the ORIGINAL public reference implementations, imported from
source trees given on the command line (nothing of them is copied here):

  --compvis    CompVis/stable-diffusion tree         (SD 1.x U-Net, VAE, DiagonalGaussian)
  --stability  Stability-AI/stablediffusion tree     (SD 2.x U-Net, VAE, FrozenOpenCLIPEmbedder)
  --clip       openai/CLIP tree                      (clip/model.py: SD 1.x text transformer)
  --open-clip  mlfoundations/open_clip tree, v2.7.0  (the version SD 2.x pins; sequence-first MHA)
  --diffusers  huggingface/diffusers tree            (convert_from_ckpt.py: key renaming + configs)

Third-party packages the reference modules import but that Debian does not ship (einops,
omegaconf, PIL, kornia, transformers, torchvision) are replaced by small stand-ins that
cover exactly what the code paths we run touch.

Weights are random (seeded per tensor name), rounded to the dtype they are STORED in and
loaded back as float32 before any golden is computed, so every golden is exactly what a
float32 reader of the stored file must reproduce.  Everything runs on CPU, float32, eval
mode, no grad, one thread (determinism).

Usage (from the repository root):
  /usr/bin/python3 tools/make_sd_goldens.py --compvis DIR --stability DIR --clip DIR
      --open-clip DIR --diffusers DIR [--diffusers-runtime DIR] --out tests/data/stable_diffusion
  --profile compact (default) fits the 8 MB budget; --profile brief writes the larger first
  specification. --diffusers-runtime points at an older diffusers tree (v0.19.3) whose
  UNet2DConditionModel / AutoencoderKL run on torch 1.13, to check the diffusers folders.
"""
import argparse
import ast
import contextlib
import copy
import hashlib
import importlib
import importlib.machinery
import importlib.util
import io
import json
import logging
import math
import os
import re
import struct
import sys
import tempfile
import types
import zlib

import numpy as np
import torch
import torch.nn as nn
import yaml  # python3-yaml, a dependency of Debian's python3-torch

SCALE_FACTOR = 0.18215           # ldm scale_factor of the SD 1.x / 2.x VAE latents
VOCAB = 1000                     # tiny vocab: CLIP's vocab ends with its 2 special tokens
BOS, EOS = VOCAB - 2, VOCAB - 1  # so <|startoftext|> = 998, <|endoftext|> = 999
CTX_LEN = 77

# ----------------------------------------------------------------------------------------
# Stand-ins for packages Debian does not ship.
# ----------------------------------------------------------------------------------------


def _parse_einops_side(side):
    """'b (h w) c' -> [['b'], ['h', 'w'], ['c']]; '()' -> []."""
    groups, cur = [], None
    for tok in side.replace('(', ' ( ').replace(')', ' ) ').split():
        if tok == '(':
            cur = []
        elif tok == ')':
            groups.append(cur)
            cur = None
        elif cur is not None:
            cur.append(tok)
        else:
            groups.append([tok])
    return groups


def einops_rearrange(t, pattern, **sizes):
    """einops.rearrange for plain (no '...') grouping/permutation patterns, which is all
    the ldm code paths we run use ('b n (h d) -> (b h) n d', 'b c h w -> b (h w) c', ...)."""
    lhs, rhs = (_parse_einops_side(s) for s in pattern.split('->'))
    assert len(lhs) == t.dim(), (pattern, tuple(t.shape))
    sizes = dict(sizes)
    for group, n in zip(lhs, t.shape):
        unknown = [a for a in group if a not in sizes]
        known = math.prod(sizes[a] for a in group if a in sizes)
        assert len(unknown) <= 1, pattern
        if unknown:
            sizes[unknown[0]] = n // known
    flat = [a for g in lhs for a in g]
    out = [a for g in rhs for a in g]
    t = t.reshape([sizes[a] for a in flat]).permute([flat.index(a) for a in out])
    return t.reshape([math.prod(sizes[a] for a in g) for g in rhs])


def einops_repeat(*_a, **_k):
    raise NotImplementedError('einops.repeat stand-in: not on any code path we run')


class _Unavailable:
    def __init__(self, *a, **k):
        raise RuntimeError('stand-in for a package that is not installed')


def _stub(name, **attrs):
    m = types.ModuleType(name)
    m.__spec__ = importlib.machinery.ModuleSpec(name, None)   # find_spec() must not choke
    m.__dict__.update(attrs)
    sys.modules[name] = m
    if '.' in name:
        parent, child = name.rsplit('.', 1)
        setattr(sys.modules[parent], child, m)
    return m


def install_stubs():
    _stub('einops', rearrange=einops_rearrange, repeat=einops_repeat)
    # UNetModel.__init__ only does `type(context_dim) == ListConfig`.
    _stub('omegaconf')
    _stub('omegaconf.listconfig', ListConfig=type('ListConfig', (list,), {}))
    # ldm/util.py imports PIL for image-logging helpers we never call.
    _stub('PIL')
    for sub in ('Image', 'ImageDraw', 'ImageFont'):
        _stub('PIL.' + sub)
    # Imported at the top of ldm/modules/encoders/modules.py, unused by the OpenCLIP embedder.
    _stub('kornia')
    _stub('transformers', T5Tokenizer=_Unavailable, T5EncoderModel=_Unavailable,
          CLIPTokenizer=_Unavailable, CLIPTextModel=_Unavailable)
    # open_clip/utils.py imports FrozenBatchNorm2d (only used to freeze ResNet towers).
    _stub('torchvision')
    _stub('torchvision.ops')
    _stub('torchvision.ops.misc', FrozenBatchNorm2d=_Unavailable)


# ----------------------------------------------------------------------------------------
# Importing the reference code from the given trees.
# ----------------------------------------------------------------------------------------


def import_ldm(root, names):
    """Import modules of one `ldm` tree. CompVis and Stability-AI both call their package
    `ldm` (a namespace package without __init__.py), so each tree gets its own fresh set of
    package objects; classes keep their own module globals after we drop them."""
    for k in [k for k in sys.modules if k == 'ldm' or k.startswith('ldm.')]:
        del sys.modules[k]
    for pkg in ('ldm', 'ldm.modules', 'ldm.modules.diffusionmodules',
                'ldm.modules.distributions', 'ldm.modules.encoders'):
        m = types.ModuleType(pkg)
        m.__path__ = [os.path.join(root, *pkg.split('.'))]
        sys.modules[pkg] = m
    mods = types.SimpleNamespace()
    with contextlib.redirect_stdout(io.StringIO()):  # "No module 'xformers'" etc.
        for n in names:
            setattr(mods, n.rsplit('.', 1)[-1], importlib.import_module(n))
    return mods


def import_open_clip(root):
    """Import open_clip.model / .transformer without its __init__ (which pulls in
    torchvision transforms, tokenizers and hub downloads)."""
    for cand in (os.path.join(root, 'src', 'open_clip'), os.path.join(root, 'open_clip'), root):
        if os.path.isfile(os.path.join(cand, 'transformer.py')):
            pkgdir = cand
            break
    else:
        raise SystemExit(f'--open-clip: no open_clip package under {root}')
    m = types.ModuleType('open_clip')
    m.__path__ = [pkgdir]
    sys.modules['open_clip'] = m
    ns = types.SimpleNamespace(model=importlib.import_module('open_clip.model'),
                               transformer=importlib.import_module('open_clip.transformer'),
                               version=importlib.import_module('open_clip.version').__version__,
                               config_dir=os.path.join(pkgdir, 'model_configs'))
    return ns


def load_file_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def find_file(root, *cands):
    for c in cands:
        p = os.path.join(root, c)
        if os.path.isfile(p):
            return p
    raise SystemExit(f'none of {cands} under {root}')


# diffusers' conversion functions we run; importing diffusers itself would need
# transformers, huggingface_hub, accelerate, ... so we compile just these definitions.
DIFFUSERS_FUNCS = ['shave_segments', 'renew_resnet_paths', 'renew_vae_resnet_paths',
                   'renew_attention_paths', 'renew_vae_attention_paths', 'assign_to_checkpoint',
                   'conv_attn_to_linear', 'create_unet_diffusers_config',
                   'create_vae_diffusers_config', 'convert_ldm_unet_checkpoint',
                   'convert_ldm_vae_checkpoint', 'convert_ldm_clip_checkpoint',
                   'convert_open_clip_checkpoint']
DIFFUSERS_GLOBALS = ['textenc_conversion_lst', 'textenc_conversion_map',
                     'textenc_transformer_conversion_lst', 'protected', 'textenc_pattern']


class _HFStubConfig:
    """Stands in for transformers.CLIPTextConfig.from_pretrained (no hub access here)."""
    num_hidden_layers = None

    @classmethod
    def from_pretrained(cls, name, **kw):
        c = cls()
        c.name = name
        c.num_hidden_layers = _HFStubConfig.num_hidden_layers
        return c


class _HFStubTextModel:
    """Stands in for transformers.CLIPTextModel: records what diffusers assigns to it."""

    def __init__(self, config=None, max_pos=CTX_LEN):
        self.config = config
        self.assigned = {}
        pos = torch.arange(max_pos, dtype=torch.int64)[None]
        self.text_model = types.SimpleNamespace(
            embeddings=types.SimpleNamespace(get_buffer=lambda n: pos))


def _record_assignment(model, name, device, value=None, **kw):
    model.assigned[name] = value


def load_diffusers_conversion(root):
    path = find_file(root, 'src/diffusers/pipelines/stable_diffusion/convert_from_ckpt.py',
                     'diffusers/pipelines/stable_diffusion/convert_from_ckpt.py')
    src = open(path, encoding='utf-8').read()
    tree = ast.parse(src)
    keep = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in DIFFUSERS_FUNCS:
            keep.append(node)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in DIFFUSERS_GLOBALS for t in node.targets):
            keep.append(node)
    found = {n.name for n in keep if isinstance(n, ast.FunctionDef)}
    missing = set(DIFFUSERS_FUNCS) - found
    if missing:
        raise SystemExit(f'convert_from_ckpt.py lacks {sorted(missing)}')
    ns = {'re': re, 'torch': torch, 'nullcontext': contextlib.nullcontext,
          'logger': logging.getLogger('convert_from_ckpt'),
          # take the accelerate branch: parameters are handed over one by one, which
          # our stub records (position_ids included, as in real diffusers output)
          'is_accelerate_available': lambda: True,
          'init_empty_weights': contextlib.nullcontext,
          'set_module_tensor_to_device': _record_assignment,
          'CLIPTextConfig': _HFStubConfig, 'CLIPTextModel': _HFStubTextModel,
          'CLIPTextModelWithProjection': _HFStubTextModel}
    exec(compile(ast.Module(body=keep, type_ignores=[]), path, 'exec'), ns)
    ver = re.search(r'__version__\s*=\s*"([^"]+)"',
                    open(find_file(root, 'src/diffusers/__init__.py'), encoding='utf-8').read())
    ns['__diffusers_version__'] = ver.group(1) if ver else 'unknown'
    ns['__root__'] = root
    return types.SimpleNamespace(**{k: v for k, v in ns.items() if not k.startswith('__')},
                                 version=ns['__diffusers_version__'], root=root)


def diffusers_init_defaults(root, relpath, class_name):
    """Default values of a diffusers model's __init__ (what save_pretrained writes for
    every argument not given), read from the source with ast."""
    tree = ast.parse(open(os.path.join(root, relpath), encoding='utf-8').read())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for f in node.body:
                if isinstance(f, ast.FunctionDef) and f.name == '__init__':
                    args = f.args.args[1:]
                    defs = f.args.defaults
                    out = {}
                    for a, d in zip(args[len(args) - len(defs):], defs):
                        out[a.arg] = ast.literal_eval(d)
                    return out
    raise SystemExit(f'{class_name} not found in {relpath}')


# ----------------------------------------------------------------------------------------
# safetensors writer (ours) and an independent reader used for verification.
# ----------------------------------------------------------------------------------------

ST_DTYPE = {torch.float16: 'F16', torch.bfloat16: 'BF16', torch.float32: 'F32',
            torch.int64: 'I64', torch.int32: 'I32'}


def _raw_bytes(t):
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:          # numpy has no bfloat16: ship the 16-bit patterns
        t = t.view(torch.int16)
    a = t.numpy()
    return a.astype(a.dtype.newbyteorder('<'), copy=False).tobytes(order='C')


def write_safetensors(path, tensors, metadata):
    """8-byte LE header length N, N bytes of JSON (space-padded to a multiple of 8), then
    the raw little-endian data; offsets are relative to the start of the data. Tensors are
    laid out by descending element size, then name, so every tensor is naturally aligned."""
    order = sorted(tensors, key=lambda k: (-tensors[k].element_size(), k))
    header = {'__metadata__': {k: str(v) for k, v in metadata.items()}}
    blobs, off = [], 0
    for k in order:
        t = tensors[k]
        b = _raw_bytes(t)
        header[k] = {'dtype': ST_DTYPE[t.dtype], 'shape': list(t.shape),
                     'data_offsets': [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(',', ':'), ensure_ascii=True).encode('utf-8')
    h += b' ' * (-len(h) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors_independent(path):
    """Second, independent parser (numpy only; BF16 widened by bit shifting)."""
    raw = open(path, 'rb').read()
    n = int.from_bytes(raw[:8], 'little')
    assert n % 8 == 0 and 8 + n <= len(raw)
    hdr = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    np_dt = {'F16': '<f2', 'F32': '<f4', 'BF16': '<u2', 'I64': '<i8', 'I32': '<i4'}
    out, spans = {}, []
    for name, info in hdr.items():
        if name == '__metadata__':
            continue
        b, e = info['data_offsets']
        a = np.frombuffer(data[b:e], dtype=np_dt[info['dtype']])
        assert a.size == math.prod(info['shape']), name
        a = a.reshape(info['shape'])
        if info['dtype'] == 'BF16':
            a = (a.astype('<u4') << 16).view('<f4')
        out[name] = (info['dtype'], a)
        spans.append((b, e))
    spans.sort()
    assert spans[0][0] == 0 and spans[-1][1] == len(data)
    assert all(x[1] == y[0] for x, y in zip(spans, spans[1:])), 'holes/overlaps in data'
    return hdr.get('__metadata__', {}), out


# ----------------------------------------------------------------------------------------
# Small helpers.
# ----------------------------------------------------------------------------------------


def gen(tag):
    return torch.Generator().manual_seed(zlib.crc32(tag.encode('utf-8')))


def randomize(module, tag):
    """Every float tensor random and non-zero (also ldm's zero_module'd out-convs):
    norm weights 1 +- 0.1, biases 0.05 * N(0,1), weights N(0,1)/sqrt(fan_in).
    Each tensor is seeded from its name, so the values do not depend on module order."""
    sd = module.state_dict()
    new = {}
    for name, p in sd.items():
        if not p.is_floating_point() or p.ndim == 0:   # e.g. logit_scale keeps log(1/0.07)
            new[name] = p
            continue
        g = gen(f'{tag}:{name}')
        r = torch.randn(p.shape, generator=g)
        if p.ndim == 1 and name.endswith('weight'):
            new[name] = 1.0 + 0.1 * r
        elif p.ndim == 1:
            new[name] = 0.05 * r
        else:
            new[name] = r / math.sqrt(p[0].numel())
    module.load_state_dict(new)


def quiet(fn, *a, **k):
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*a, **k)


def save_npy(out_dir, name, arr, record):
    arr = np.ascontiguousarray(np.asarray(arr, dtype=np.float32))
    np.save(os.path.join(out_dir, name), arr)
    record[name] = arr


def write_png(path, hwc):
    """8-bit RGB PNG, filter 0 on every row, one IDAT (stdlib zlib only)."""
    h, w, c = hwc.shape
    assert c == 3 and hwc.dtype == np.uint8
    raw = b''.join(b'\x00' + hwc[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return (struct.pack('>I', len(data)) + kind + data
                + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def ldm_schedule(util_mod, linear_start=0.00085, linear_end=0.012, n=1000):
    """Buffers LatentDiffusion.register_schedule stores (ddpm.py needs lightning, so the few
    formulas are repeated here on top of the reference make_beta_schedule; v_posterior=0)."""
    betas = util_mod.make_beta_schedule('linear', n, linear_start=linear_start,
                                        linear_end=linear_end)
    alphas = 1. - betas
    ac = np.cumprod(alphas, axis=0)
    acp = np.append(1., ac[:-1])
    pv = betas * (1. - acp) / (1. - ac)
    bufs = {
        'betas': betas, 'alphas_cumprod': ac, 'alphas_cumprod_prev': acp,
        'sqrt_alphas_cumprod': np.sqrt(ac), 'sqrt_one_minus_alphas_cumprod': np.sqrt(1. - ac),
        'log_one_minus_alphas_cumprod': np.log(1. - ac),
        'sqrt_recip_alphas_cumprod': np.sqrt(1. / ac),
        'sqrt_recipm1_alphas_cumprod': np.sqrt(1. / ac - 1),
        'posterior_variance': pv,
        'posterior_log_variance_clipped': np.log(np.maximum(pv, 1e-20)),
        'posterior_mean_coef1': betas * np.sqrt(acp) / (1. - ac),
        'posterior_mean_coef2': (1. - acp) * np.sqrt(alphas) / (1. - ac),
    }
    return ac, {k: torch.tensor(v, dtype=torch.float32) for k, v in bufs.items()}


# ----------------------------------------------------------------------------------------
# Model construction with the reference classes.
# ----------------------------------------------------------------------------------------


class VAE(nn.Module):
    """AutoencoderKL's module layout (ldm/models/autoencoder.py needs lightning): encoder,
    decoder, quant_conv (2z -> 2*embed, 1x1), post_quant_conv (embed -> z, 1x1)."""

    def __init__(self, model_py, ddconfig, embed_dim):
        super().__init__()
        self.encoder = model_py.Encoder(**ddconfig)
        self.decoder = model_py.Decoder(**ddconfig)
        assert ddconfig['double_z']
        self.quant_conv = nn.Conv2d(2 * ddconfig['z_channels'], 2 * embed_dim, 1)
        self.post_quant_conv = nn.Conv2d(embed_dim, ddconfig['z_channels'], 1)


def vae_mean(vae, dist_mod, x):
    # AutoencoderKL.encode: moments = quant_conv(encoder(x)); DiagonalGaussianDistribution
    return dist_mod.DiagonalGaussianDistribution(vae.quant_conv(vae.encoder(x))).mean


def vae_decode(vae, z):
    # AutoencoderKL.decode
    return vae.decoder(vae.post_quant_conv(z))


class OpenAIClipText(nn.Module):
    """The text half of openai CLIP (clip/model.py CLIP.__init__), built through the CLIP
    class itself with a throw-away 1-layer vision tower that is deleted afterwards."""

    def __init__(self, clip_mod, vocab, width, layers, heads, ctx=CTX_LEN):
        super().__init__()
        with torch.no_grad():
            full = clip_mod.CLIP(embed_dim=width, image_resolution=32, vision_layers=1,
                                 vision_width=64, vision_patch_size=16, context_length=ctx,
                                 vocab_size=vocab, transformer_width=width,
                                 transformer_heads=heads, transformer_layers=layers)
        self.token_embedding = full.token_embedding
        self.positional_embedding = full.positional_embedding
        self.transformer = full.transformer
        self.ln_final = full.ln_final

    def forward(self, tokens):
        # CLIP.encode_text up to ln_final (= HF CLIPTextModel.last_hidden_state, all 77 rows)
        x = self.token_embedding(tokens) + self.positional_embedding
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        return self.ln_final(x)


# openai CLIP text names <-> HF CLIPTextModel names (under 'text_model.'): whole keys, the
# final norm's prefix, and the parts of a layer's names (besides the packed q, k, v).
CLIP_TEXT_KEYS = [('token_embedding.weight', 'embeddings.token_embedding.weight'),
                  ('positional_embedding', 'embeddings.position_embedding.weight')]
CLIP_FINAL_NORM = ('ln_final.', 'final_layer_norm.')
CLIP_LAYER_PARTS = [('attn.out_proj', 'self_attn.out_proj'), ('ln_1', 'layer_norm1'),
                    ('ln_2', 'layer_norm2'), ('mlp.c_fc', 'mlp.fc1'), ('mlp.c_proj', 'mlp.fc2')]


def rename_clip_key(k, layer_pattern, layer_prefix, forward):
    """k in the other naming, or None for a layer's q/k/v entry (the callers (un)pack those).
    `forward`: openai -> HF; otherwise HF -> openai."""
    pick = (lambda pair: pair) if forward else (lambda pair: pair[::-1])
    keys = dict(pick(pair) for pair in CLIP_TEXT_KEYS)
    old_norm, new_norm = pick(CLIP_FINAL_NORM)
    m = re.match(layer_pattern, k)
    if k in keys:
        return keys[k]
    if k.startswith(old_norm):
        return new_norm + k[len(old_norm):]
    if not m:
        raise KeyError(k)
    rest = m.group(2)
    for old, new in map(pick, CLIP_LAYER_PARTS):
        rest = rest.replace(old, new)
    return layer_prefix.format(m.group(1)) + rest


def openai_to_hf_clip(sd, width):
    """openai CLIP text names -> HF CLIPTextModel names (under 'text_model.')."""
    out = {}
    for k, v in sd.items():
        m = re.match(r'transformer\.resblocks\.(\d+)\.attn\.in_proj_(weight|bias)$', k)
        if m:
            for j, qkv in enumerate(('q', 'k', 'v')):      # MHA packs rows as q, k, v
                out[f'encoder.layers.{m.group(1)}.self_attn.{qkv}_proj.{m.group(2)}'] = \
                    v[j * width:(j + 1) * width]
        else:
            out[rename_clip_key(k, r'transformer\.resblocks\.(\d+)\.(.*)$',
                                'encoder.layers.{}.', True)] = v
    return out


def hf_to_openai_clip(sd):
    out = {}
    layers = {}
    for k, v in sd.items():
        if k == 'embeddings.position_ids':
            continue
        m = re.match(r'encoder\.layers\.(\d+)\.self_attn\.([qkv])_proj\.(weight|bias)$', k)
        if m:
            layers.setdefault((m.group(1), m.group(3)), {})[m.group(2)] = v
        else:
            out[rename_clip_key(k, r'encoder\.layers\.(\d+)\.(.*)$',
                                'transformer.resblocks.{}.', False)] = v
    for (i, kind), d in layers.items():
        out[f'transformer.resblocks.{i}.attn.in_proj_{kind}'] = torch.cat([d['q'], d['k'], d['v']])
    return out


def build_openclip_text(oc, embed_dim, width, heads, layers, vocab):
    """open_clip CLIP (the object FrozenOpenCLIPEmbedder holds as .model) with a throw-away
    1-layer vision tower, deleted as FrozenOpenCLIPEmbedder.__init__ does (`del model.visual`)."""
    m = oc.model.CLIP(embed_dim,
                      oc.model.CLIPVisionCfg(layers=1, width=64, head_width=64, patch_size=16,
                                             image_size=32),
                      oc.model.CLIPTextCfg(context_length=CTX_LEN, vocab_size=vocab, width=width,
                                           heads=heads, layers=layers),
                      quick_gelu=False)
    del m.visual
    blk = m.transformer.resblocks[0]
    if not isinstance(blk.attn, nn.MultiheadAttention) or getattr(m.transformer, 'batch_first', False):
        raise SystemExit('--open-clip must be a sequence-first open_clip (<= 2.2x, e.g. v2.7.0, '
                         'which Stability-AI/stablediffusion pins): their code permutes to LND')
    return m


def make_frozen_openclip_embedder(modules_mod, clip_model, layer='penultimate'):
    """FrozenOpenCLIPEmbedder without its __init__ (which downloads ViT-H weights): set the
    attributes __init__ would set and use its own encode_with_transformer."""
    cls = modules_mod.FrozenOpenCLIPEmbedder
    emb = cls.__new__(cls)
    nn.Module.__init__(emb)
    emb.model = clip_model
    emb.device = 'cpu'
    emb.max_length = CTX_LEN
    emb.layer = layer
    emb.layer_idx = {'last': 0, 'penultimate': 1}[layer]
    return emb.eval()


@contextlib.contextmanager
def meta_device():
    """Like accelerate.init_empty_weights on torch 1.13: every parameter/buffer is moved to
    the meta device as soon as it is registered, so full-size models cost no memory."""
    orig_p, orig_b = nn.Module.register_parameter, nn.Module.register_buffer

    def reg_p(self, name, param):
        orig_p(self, name, param)
        if param is not None:
            p = self._parameters[name]
            self._parameters[name] = type(p)(p.to('meta'), requires_grad=p.requires_grad)

    def reg_b(self, name, tensor, persistent=True):
        orig_b(self, name, tensor, persistent)
        if tensor is not None:
            self._buffers[name] = tensor.to('meta')
    nn.Module.register_parameter, nn.Module.register_buffer = reg_p, reg_b
    try:
        yield
    finally:
        nn.Module.register_parameter, nn.Module.register_buffer = orig_p, orig_b


# ----------------------------------------------------------------------------------------
# Configurations.
# ----------------------------------------------------------------------------------------

def unet_config(**widths):
    """An LDM UNetModel config: what every profile shares (32x32x4 latents, one spatial
    transformer per attention level, no checkpointing) plus the widths and heads it varies."""
    return dict(image_size=32, in_channels=4, out_channels=4, use_spatial_transformer=True,
                transformer_depth=1, use_checkpoint=False, legacy=False, **widths)


def sd1_unet_config(**widths):
    """SD 1.x's head rule: 8 heads at every width."""
    return unet_config(num_heads=8, **widths)


def sd2_unet_config(head_channels, **widths):
    """SD 2.x's head rule: heads of a fixed width, linear projections in the transformer."""
    return unet_config(num_head_channels=head_channels, use_linear_in_transformer=True, **widths)


def vae_config(ch_mult):
    """An AutoencoderKL ddconfig: 32x32 RGB to 4 latent channels, 32 channels, one res block
    per level, no attention; `ch_mult` is what the profiles vary."""
    return dict(double_z=True, z_channels=4, resolution=32, in_channels=3, out_ch=3, ch=32,
                ch_mult=ch_mult, num_res_blocks=1, attn_resolutions=[], dropout=0.0)


def profile(sd1_unet, sd2_unet, vae, text_width, sd2_unet_dtype, sd2_text_dtype, sd2_diffusers,
            sd2_vae=None):
    """One profile. Every profile keeps the text encoders' depths and heads (SD1: 2 layers,
    SD2: 3) and varies their width; SD2 uses the SD1 VAE unless given its own."""
    return dict(SD1_UNET=sd1_unet, SD2_UNET=sd2_unet, TINY_VAE=vae,
                **({} if sd2_vae is None else {'SD2_VAE': sd2_vae}),
                SD1_TEXT=dict(vocab=VOCAB, width=text_width, layers=2, heads=2),
                SD2_TEXT=dict(vocab=VOCAB, width=text_width, layers=3, heads=2,
                              embed_dim=text_width),
                SD2_UNET_DTYPE=sd2_unet_dtype, SD2_TEXT_DTYPE=sd2_text_dtype,
                SD2_DIFFUSERS=sd2_diffusers)


# Two profiles. 'brief' is the configuration as first specified (it does not fit the 8 MB
# budget: ~9 MB for sd1_tiny alone). 'compact' (default) keeps every count that shapes the
# module graph (levels, attention placement, transformer depth, SD1's 8 heads, SD2's fixed
# head width rule, text layers/heads) and shrinks widths: U-Net/VAE channels to the
# GroupNorm(32) floor and the text width to 32 - see README.md.
PROFILES = {
    'compact': profile(
        sd1_unet=sd1_unet_config(model_channels=32, attention_resolutions=[4, 2, 1],
                                 num_res_blocks=1, channel_mult=[1, 1, 1, 1], context_dim=32),
        sd2_unet=sd2_unet_config(16, model_channels=32, attention_resolutions=[2, 1],
                                 num_res_blocks=1, channel_mult=[1, 2], context_dim=32),
        vae=vae_config([1, 1]), text_width=32,
        sd2_unet_dtype=torch.float16, sd2_text_dtype=torch.float32, sd2_diffusers=False),
    # context 128, not 64: the context is the text encoder's width
    'brief': profile(
        sd1_unet=sd1_unet_config(model_channels=32, attention_resolutions=[4, 2, 1],
                                 num_res_blocks=2, channel_mult=[1, 2, 2, 2], context_dim=128),
        sd2_unet=sd2_unet_config(64, model_channels=64, attention_resolutions=[2, 1],
                                 num_res_blocks=1, channel_mult=[1, 2], context_dim=128),
        vae=vae_config([1, 2]), text_width=128,
        sd2_unet_dtype=torch.float32, sd2_text_dtype=torch.float16, sd2_diffusers=True),
}
# 'geodex' (default): the structure the C++ tests need — SD 1.x's 8 heads over a width change and
# a last level without attention, SD 2.x's 64-channel heads (its real rule), text widths of
# 64-channel heads — at a size that fits the repository.
PROFILES['geodex'] = profile(
    sd1_unet=sd1_unet_config(model_channels=32, attention_resolutions=[1], num_res_blocks=2,
                             channel_mult=[1, 2], context_dim=128),
    sd2_unet=sd2_unet_config(64, model_channels=64, attention_resolutions=[1], num_res_blocks=1,
                             channel_mult=[1], context_dim=128),
    vae=vae_config([1, 2]), sd2_vae=vae_config([1, 1]), text_width=128,
    sd2_unet_dtype=torch.float16, sd2_text_dtype=torch.float16, sd2_diffusers=False)
C = types.SimpleNamespace(**PROFILES['geodex'])   # the active profile; main() may switch it

PREFIX = {'unet': 'model.diffusion_model.', 'vae': 'first_stage_model.',
          'sd1_text': 'cond_stage_model.transformer.text_model.',
          'sd2_text': 'cond_stage_model.model.'}


class Refs:
    def __init__(self, args):
        install_stubs()
        self.compvis = import_ldm(args.compvis, [
            'ldm.modules.diffusionmodules.util', 'ldm.modules.attention',
            'ldm.modules.diffusionmodules.openaimodel', 'ldm.modules.diffusionmodules.model',
            'ldm.modules.distributions.distributions'])
        self.oc = import_open_clip(args.open_clip)   # before Stability's modules.py imports it
        self.stability = import_ldm(args.stability, [
            'ldm.modules.diffusionmodules.util', 'ldm.modules.attention',
            'ldm.modules.diffusionmodules.openaimodel', 'ldm.modules.diffusionmodules.model',
            'ldm.modules.distributions.distributions', 'ldm.modules.encoders.modules'])
        self.clip = load_file_module('openai_clip_model', find_file(args.clip, 'clip/model.py', 'model.py'))
        self.conv = load_diffusers_conversion(args.diffusers)
        self.v1_yaml = yaml.safe_load(open(find_file(args.compvis, 'configs/stable-diffusion/v1-inference.yaml')))
        self.v2_yaml = yaml.safe_load(open(find_file(args.stability, 'configs/stable-diffusion/v2-inference-v.yaml')))
        self.vith = json.load(open(os.path.join(self.oc.config_dir, 'ViT-H-14.json')))
        self.diffusers_root = args.diffusers

    # tiny models -----------------------------------------------------------------------
    def sd1_models(self):
        cv = self.compvis
        return types.SimpleNamespace(
            unet=quiet(cv.openaimodel.UNetModel, **C.SD1_UNET).eval(),
            vae=quiet(VAE, cv.model, C.TINY_VAE, 4).eval(),
            text=OpenAIClipText(self.clip, **C.SD1_TEXT).eval(),
            dist=cv.distributions)

    def sd2_models(self):
        st = self.stability
        t = C.SD2_TEXT
        clip_model = build_openclip_text(self.oc, t['embed_dim'], t['width'], t['heads'],
                                         t['layers'], t['vocab'])
        return types.SimpleNamespace(
            unet=quiet(st.openaimodel.UNetModel, **C.SD2_UNET).eval(),
            vae=quiet(VAE, st.model, getattr(C, 'SD2_VAE', C.TINY_VAE), 4).eval(),
            text=make_frozen_openclip_embedder(st.modules, clip_model.eval()),
            dist=st.distributions)


# ----------------------------------------------------------------------------------------
# Single-file state dicts (stored dtypes) <-> reference modules.
# ----------------------------------------------------------------------------------------

VAE_2D_ATTN = re.compile(r'^(encoder|decoder)\.mid\.attn_1\.(q|k|v|proj_out)\.weight$')


def make_sd1_file(m, sched):
    """Tensors as they go into sd1_tiny.safetensors (F16 weights, real SD 1.x key names)."""
    f16 = torch.float16
    st = {}
    for k, v in m.unet.state_dict().items():
        st[PREFIX['unet'] + k] = v.to(f16)
    for k, v in m.vae.state_dict().items():
        st[PREFIX['vae'] + k] = v.to(f16)          # mid attn q/k/v/proj_out stay 4-D [C,C,1,1]
    for k, v in openai_to_hf_clip(m.text.state_dict(), C.SD1_TEXT['width']).items():
        st[PREFIX['sd1_text'] + k] = v.to(f16)
    st[PREFIX['sd1_text'] + 'embeddings.position_ids'] = torch.arange(CTX_LEN, dtype=torch.int64)[None]
    # keys real files carry and a reader must ignore
    for k, v in sched.items():
        st[k] = v                                               # F32, as ldm registers them
    st['model_ema.decay'] = torch.tensor(0.9999, dtype=torch.float32)
    st['model_ema.num_updates'] = torch.tensor(0, dtype=torch.int32)  # LitEma: torch.int
    st['logvar'] = torch.zeros(1000, dtype=torch.float32)
    st['geodex_fixture.unknown_extra_key'] = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=f16)
    return st


def make_sd2_file(m, sched):
    st = {}
    for k, v in m.unet.state_dict().items():
        st[PREFIX['unet'] + k] = v.to(C.SD2_UNET_DTYPE)
    for k, v in m.vae.state_dict().items():
        if VAE_2D_ATTN.match(k):
            v = v[:, :, 0, 0]                          # the linear variant: [C, C]
        st[PREFIX['vae'] + k] = v.to(torch.bfloat16)
    for k, v in m.text.model.state_dict().items():
        st[PREFIX['sd2_text'] + k] = v.to(C.SD2_TEXT_DTYPE)
    for k, v in sched.items():
        st[k] = v
    st['geodex_fixture.unknown_extra_key'] = torch.tensor([7.0, 8.0], dtype=torch.float32)
    return st


def sub(st, prefix):
    return {k[len(prefix):]: v for k, v in st.items() if k.startswith(prefix)}


def load_into(m, st, which):
    """Load a single-file state dict (any dtype; torch or numpy values) into the reference
    modules as float32 - what a float32 reader of the stored file does."""
    def f32(v):
        v = torch.from_numpy(np.array(v)) if isinstance(v, np.ndarray) else v
        return v.float() if v.is_floating_point() else v
    st = {k: f32(v) for k, v in st.items()}
    m.unet.load_state_dict(sub(st, PREFIX['unet']))
    vae = sub(st, PREFIX['vae'])
    for k in list(vae):
        if VAE_2D_ATTN.match(k) and vae[k].ndim == 2:
            vae[k] = vae[k][:, :, None, None]
    m.vae.load_state_dict(vae)
    if which == 'sd1':
        m.text.load_state_dict(hf_to_openai_clip(sub(st, PREFIX['sd1_text'])))
    else:
        m.text.model.load_state_dict(sub(st, PREFIX['sd2_text']))


# ----------------------------------------------------------------------------------------
# Inputs and goldens.
# ----------------------------------------------------------------------------------------


def make_tokens(tag, pad):
    g = gen(tag + ':tokens')
    words = torch.randint(1, VOCAB - 2, (7,), generator=g)
    toks = [BOS] + words.tolist() + [EOS]
    toks += [pad] * (CTX_LEN - len(toks))
    return torch.tensor([toks], dtype=torch.int64)


def make_inputs(tag, lat, ctx_dim, pad):
    g = lambda n: gen(f'{tag}:{n}')
    img = torch.arange(32, dtype=torch.float32)
    base = torch.stack([img[None, :].expand(32, 32) * 6, img[:, None].expand(32, 32) * 6,
                        (img[None, :] + img[:, None]) * 3.5])            # smooth ramps
    noise = torch.randint(0, 64, (3, 32, 32), generator=g('probe_image'))
    probe_img = (base + noise.float()).clamp(0, 255).round()[None]
    return {
        'unet_x': torch.randn(2, 4, lat, lat, generator=g('unet_x')),
        'unet_t': torch.tensor([37., 601.], dtype=torch.float32),
        'unet_context': torch.randn(2, CTX_LEN, ctx_dim, generator=g('unet_context')),
        'vae_image': torch.rand(1, 3, 32, 32, generator=g('vae_image')) * 2 - 1,
        'vae_z': torch.randn(1, 4, 8, 8, generator=g('vae_z')),
        'text_tokens': make_tokens(tag, pad),
        'empty_tokens': torch.tensor([[BOS, EOS] + [pad] * (CTX_LEN - 2)], dtype=torch.int64),
        'probe_latent': torch.randn(1, 4, lat, lat, generator=g('probe_latent')),
        'probe_image': probe_img,
    }


def text_encode(m, which, tokens):
    if which == 'sd1':
        return m.text(tokens)
    return m.text.encode_with_transformer(tokens)   # Stability-AI's own penultimate code path


@torch.no_grad()
def compute_goldens(m, which, inp, alphas_cumprod):
    g = {}
    g['unet_x'], g['unet_t'], g['unet_context'] = inp['unet_x'], inp['unet_t'], inp['unet_context']
    g['unet_out'] = m.unet(inp['unet_x'], inp['unet_t'], context=inp['unet_context'])
    g['vae_image'] = inp['vae_image']
    g['vae_mean'] = vae_mean(m.vae, m.dist, inp['vae_image'])
    g['vae_z'] = inp['vae_z']
    g['vae_decoded'] = vae_decode(m.vae, inp['vae_z'])
    g['text_tokens'] = inp['text_tokens'].float()
    g['text_out'] = text_encode(m, which, inp['text_tokens'])
    empty = text_encode(m, which, inp['empty_tokens'])
    g['empty_context'] = empty
    lat = inp['probe_latent']
    g['probe_latent'] = lat
    eps = m.unet(lat, torch.tensor([400.]), context=empty)
    g['probe_eps_t400'] = eps
    if which == 'sd2':
        a = float(alphas_cumprod[400])                   # float64 ldm schedule
        v = eps.double()
        g['probe_eps_from_v_t400'] = (math.sqrt(a) * v + math.sqrt(1 - a) * lat.double()).float()
    g['probe_decoded'] = vae_decode(m.vae, lat / SCALE_FACTOR)
    g['probe_image'] = inp['probe_image']
    g['probe_encoded'] = SCALE_FACTOR * vae_mean(m.vae, m.dist, inp['probe_image'] / 127.5 - 1)
    return {k: v.detach().float().numpy() for k, v in g.items()}


# ----------------------------------------------------------------------------------------
# diffusers folders.
# ----------------------------------------------------------------------------------------


def original_config(base_yaml, unet_params, ddconfig, text_target):
    cfg = copy.deepcopy(base_yaml)
    p = cfg['model']['params']
    p['unet_config']['params'] = copy.deepcopy(unet_params)
    p['first_stage_config']['params']['ddconfig'] = copy.deepcopy(ddconfig)
    p['cond_stage_config']['target'] = text_target
    return cfg


def hf_text_config(width, layers, heads, vocab, act, proj_dim):
    return {
        '_name_or_path': 'geodex-tiny', 'architectures': ['CLIPTextModel'],
        'attention_dropout': 0.0, 'bos_token_id': BOS, 'dropout': 0.0, 'eos_token_id': EOS,
        'hidden_act': act, 'hidden_size': width, 'initializer_factor': 1.0,
        'initializer_range': 0.02, 'intermediate_size': 4 * width, 'layer_norm_eps': 1e-05,
        'max_position_embeddings': CTX_LEN, 'model_type': 'clip_text_model',
        'num_attention_heads': heads, 'num_hidden_layers': layers, 'pad_token_id': 1,
        'projection_dim': proj_dim, 'torch_dtype': 'float16', 'transformers_version': '4.25.1',
        'vocab_size': vocab}


def jdump(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=2, sort_keys=True)
        f.write('\n')


def write_diffusers_folder(refs, out, st, which, image_size, files, prediction_type):
    conv = refs.conv
    if which == 'sd1':
        ocfg = original_config(refs.v1_yaml, C.SD1_UNET, C.TINY_VAE,
                               'ldm.modules.encoders.modules.FrozenCLIPEmbedder')
    else:
        ocfg = original_config(refs.v2_yaml, C.SD2_UNET, getattr(C, 'SD2_VAE', C.TINY_VAE),
                               'ldm.modules.encoders.modules.FrozenOpenCLIPEmbedder')
    # --- unet (download_from_original_stable_diffusion_ckpt's steps)
    ucfg = conv.create_unet_diffusers_config(ocfg, image_size=image_size)
    if which == 'sd2':
        ucfg['upcast_attention'] = True      # what the converter sets for SD 2.1 (global_step 110000)
    unet_sd = conv.convert_ldm_unet_checkpoint(dict(st), ucfg)
    # --- vae
    vcfg = conv.create_vae_diffusers_config(ocfg, image_size=image_size)
    vcfg['scaling_factor'] = ocfg['model']['params']['scale_factor']
    vae_sd = conv.convert_ldm_vae_checkpoint(dict(st), vcfg)
    # --- text encoder
    if which == 'sd1':
        tm = _HFStubTextModel()
        conv.convert_ldm_clip_checkpoint(dict(st), text_encoder=tm)
        text_sd = tm.assigned
        tcfg = hf_text_config(C.SD1_TEXT['width'], C.SD1_TEXT['layers'], C.SD1_TEXT['heads'], VOCAB,
                              'quick_gelu', C.SD1_TEXT['width'])
    else:
        L = C.SD2_TEXT['layers']
        _HFStubConfig.num_hidden_layers = L - 1
        tm = conv.convert_open_clip_checkpoint(dict(st), 'stabilityai/stable-diffusion-2',
                                               subfolder='text_encoder')
        # diffusers drops the unused last resblock and text_projection only for the 24-layer
        # ViT-H ("num_hidden_layers == 23"); the same rule for our 3-layer tower:
        text_sd = {k: v for k, v in tm.assigned.items()
                   if not k.startswith(f'text_model.encoder.layers.{L - 1}.')
                   and k != 'text_projection.weight'}
        tcfg = hf_text_config(C.SD2_TEXT['width'], L - 1, C.SD2_TEXT['heads'], VOCAB, 'gelu',
                              C.SD2_TEXT['embed_dim'])
    # --- full config.json files: the model's __init__ defaults updated by the converter's output
    ver = conv.version
    uj = diffusers_init_defaults(refs.diffusers_root, 'src/diffusers/models/unets/unet_2d_condition.py',
                                 'UNet2DConditionModel')
    uj.update(ucfg)
    uj = {'_class_name': 'UNet2DConditionModel', '_diffusers_version': ver, **uj}
    vj = diffusers_init_defaults(refs.diffusers_root, 'src/diffusers/models/autoencoders/autoencoder_kl.py',
                                 'AutoencoderKL')
    vj.update(vcfg)
    vj = {'_class_name': 'AutoencoderKL', '_diffusers_version': ver, **vj}
    sched_cls = 'PNDMScheduler' if which == 'sd1' else 'DDIMScheduler'
    sj = {'_class_name': sched_cls, '_diffusers_version': ver, 'beta_end': 0.012,
          'beta_schedule': 'scaled_linear', 'beta_start': 0.00085, 'clip_sample': False,
          'num_train_timesteps': 1000, 'prediction_type': prediction_type,
          'set_alpha_to_one': False, 'skip_prk_steps': True, 'steps_offset': 1,
          'timestep_spacing': 'leading', 'trained_betas': None}
    mj = {'_class_name': 'StableDiffusionPipeline', '_diffusers_version': ver,
          'feature_extractor': [None, None], 'requires_safety_checker': False,
          'safety_checker': [None, None], 'scheduler': ['diffusers', sched_cls],
          'text_encoder': ['transformers', 'CLIPTextModel'], 'tokenizer': [None, None],
          'unet': ['diffusers', 'UNet2DConditionModel'], 'vae': ['diffusers', 'AutoencoderKL']}
    jdump(os.path.join(out, 'model_index.json'), mj)
    jdump(os.path.join(out, 'scheduler', 'scheduler_config.json'), sj)
    jdump(os.path.join(out, 'unet', 'config.json'), uj)
    jdump(os.path.join(out, 'vae', 'config.json'), vj)
    jdump(os.path.join(out, 'text_encoder', 'config.json'), tcfg)
    meta = {'format': 'pt', 'geodex_fixture': f'{which}_tiny diffusers layout',
            'converted_by': f'diffusers {ver} convert_from_ckpt.py'}
    for part, sd in (('unet', unet_sd), ('vae', vae_sd), ('text_encoder', text_sd)):
        write_safetensors(os.path.join(out, part, files[part]), sd, meta)
    return {'unet': unet_sd, 'vae': vae_sd, 'text_encoder': text_sd, 'unet_config': uj,
            'vae_config': vj, 'text_config': tcfg}


# ----------------------------------------------------------------------------------------
# Optional: run the diffusers folders through diffusers' own UNet2DConditionModel and
# AutoencoderKL (an older diffusers tree, e.g. v0.19.3, that still runs on torch 1.13).
# ----------------------------------------------------------------------------------------


class _AnyObj:
    def __init__(self, *a, **k):
        pass

    def __call__(self, *a, **k):
        return _AnyObj()

    def __getattr__(self, n):
        return _AnyObj()


def _any_module(name, **attrs):
    """A module that hands out a dummy for every name (hub, PIL, tqdm, ...): diffusers imports
    them at module level, the model forward passes never use them."""
    m = types.ModuleType(name)
    m.__path__ = []
    m.__spec__ = importlib.machinery.ModuleSpec(name, None)
    m.__getattr__ = lambda n: type(n, (Exception,), {}) if n.endswith('Error') else _AnyObj()
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


class _Version:
    """packaging.version stand-in: diffusers only compares release numbers at import time."""

    def __init__(self, s):
        self.release = tuple(int(x) for x in re.findall(r'\d+', str(s).split('+')[0])[:3])
        self.base_version = '.'.join(map(str, self.release))

    def __lt__(self, o): return self.release < o.release
    def __le__(self, o): return self.release <= o.release
    def __gt__(self, o): return self.release > o.release
    def __ge__(self, o): return self.release >= o.release
    def __eq__(self, o): return self.release == o.release


def import_diffusers_runtime(root):
    src = os.path.join(root, 'src', 'diffusers') if os.path.isdir(os.path.join(root, 'src')) else root
    ver = re.search(r'__version__\s*=\s*"([^"]+)"', open(os.path.join(src, '__init__.py')).read()).group(1)
    for n in ('huggingface_hub', 'huggingface_hub.utils', 'huggingface_hub.file_download',
              'filelock', 'regex', 'tqdm', 'tqdm.auto'):
        _any_module(n)
    _any_module('huggingface_hub.constants', HUGGINGFACE_HUB_CACHE='/nonexistent', hf_cache_home='/nonexistent')
    pil = _any_module('PIL', __version__='9.4.0')
    for sub in ('Image', 'ImageOps'):
        setattr(pil, sub, _any_module('PIL.' + sub))
    _stub('packaging')
    _stub('packaging.version', parse=_Version, Version=_Version)
    d = types.ModuleType('diffusers')
    d.__path__ = [src]
    d.__version__ = ver
    sys.modules['diffusers'] = d
    with contextlib.redirect_stdout(io.StringIO()):
        unet = importlib.import_module('diffusers.models.unet_2d_condition')
        vae = importlib.import_module('diffusers.models.autoencoder_kl')
    return types.SimpleNamespace(version=ver, UNet=unet.UNet2DConditionModel, VAE=vae.AutoencoderKL)


def _from_config(cls, cfg):
    """What ConfigMixin.from_config does with keys a (older) class does not know: drop them."""
    import inspect
    sig = inspect.signature(cls.__init__).parameters
    return cls(**{k: v for k, v in cfg.items() if k in sig}), sorted(k for k in cfg if k not in sig and not k.startswith('_'))


@torch.no_grad()
def diffusers_runtime_check(rt, folder, which, gold):
    def tensors(part):
        fn = [f for f in os.listdir(os.path.join(folder, part)) if f.endswith('.safetensors')][0]
        _, rd = read_safetensors_independent(os.path.join(folder, part, fn))
        return {k: torch.from_numpy(np.array(a)).float() for k, (dt, a) in rd.items()}
    res = {}
    unet, dropped_u = _from_config(rt.UNet, json.load(open(os.path.join(folder, 'unet', 'config.json'))))
    unet.load_state_dict(tensors('unet'), strict=True)
    vae, dropped_v = _from_config(rt.VAE, json.load(open(os.path.join(folder, 'vae', 'config.json'))))
    vae.load_state_dict(tensors('vae'), strict=True)
    unet.eval()
    vae.eval()
    T = lambda k: torch.from_numpy(gold[k])
    o = unet(T('unet_x'), T('unet_t'), encoder_hidden_states=T('unet_context')).sample
    res['unet_out'] = max_diff(o.numpy(), gold['unet_out'])
    o = unet(T('probe_latent'), torch.tensor([400.]), encoder_hidden_states=T('empty_context')).sample
    res['probe_eps_t400'] = max_diff(o.numpy(), gold['probe_eps_t400'])
    res['vae_mean'] = max_diff(vae.encode(T('vae_image')).latent_dist.mean.numpy(), gold['vae_mean'])
    res['vae_decoded'] = max_diff(vae.decode(T('vae_z')).sample.numpy(), gold['vae_decoded'])
    sf = json.load(open(os.path.join(folder, 'vae', 'config.json')))['scaling_factor']
    res['probe_decoded'] = max_diff(vae.decode(T('probe_latent') / sf).sample.numpy(), gold['probe_decoded'])
    res['config keys this diffusers version ignores'] = dropped_u + dropped_v
    return res


# ----------------------------------------------------------------------------------------
# Full-size key lists.
# ----------------------------------------------------------------------------------------


def full_size_keys(refs, which, sched):
    if which == 'sd1':
        y = refs.v1_yaml['model']['params']
        ldm = refs.compvis
    else:
        y = refs.v2_yaml['model']['params']
        ldm = refs.stability
    up = dict(y['unet_config']['params'])
    up['use_fp16'] = False
    dd = y['first_stage_config']['params']['ddconfig']
    keys, counts = {}, {}

    def add(part, prefix, sd):
        n = 0
        for k, v in sd.items():
            keys[prefix + k] = list(v.shape)
            n += v.numel() if v.is_floating_point() else 0
        counts[part] = n
    with torch.no_grad(), meta_device():
        unet = quiet(ldm.openaimodel.UNetModel, **up)
        add('unet', PREFIX['unet'], unet.state_dict())
        del unet
        vae = quiet(VAE, ldm.model, dd, y['first_stage_config']['params']['embed_dim'])
        add('vae', PREFIX['vae'], vae.state_dict())
        del vae
        if which == 'sd1':   # CLIP ViT-L/14 text tower (what FrozenCLIPEmbedder loads from HF)
            t = OpenAIClipText(refs.clip, vocab=49408, width=768, layers=12, heads=12)
            sd = openai_to_hf_clip(t.state_dict(), 768)
            sd['embeddings.position_ids'] = torch.zeros(1, CTX_LEN, dtype=torch.int64, device='meta')
            add('text_encoder', PREFIX['sd1_text'], sd)
        else:                # OpenCLIP ViT-H-14 text tower, all 24 resblocks as stored in files
            tc = refs.vith['text_cfg']
            t = build_openclip_text(refs.oc, refs.vith['embed_dim'], tc['width'], tc['heads'],
                                    tc['layers'], tc['vocab_size'])
            add('text_encoder', PREFIX['sd2_text'], t.state_dict())
        del t
    extra = {k: list(v.shape) for k, v in sched.items()}
    return {'param_counts': counts, 'keys': keys,
            'extra_keys_real_files_may_carry': extra,
            'config': {'unet': up, 'vae_ddconfig': dd,
                       'text': ('CLIP ViT-L/14: width 768, layers 12, heads 12, vocab 49408, '
                                'QuickGELU, HF CLIPTextModel key names' if which == 'sd1' else
                                'OpenCLIP ViT-H-14: width 1024, layers 24, heads 16, vocab 49408, '
                                'GELU, penultimate layer (resblocks.23 is stored but unused)')}}


# ----------------------------------------------------------------------------------------
# Main.
# ----------------------------------------------------------------------------------------


def max_diff(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    d = np.abs(a - b)
    return float(d.max()), float(d.max() / max(np.abs(b).max(), 1e-30))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for a in ('--compvis', '--stability', '--clip', '--open-clip', '--diffusers', '--out'):
        ap.add_argument(a, required=True)
    ap.add_argument('--profile', default='geodex', choices=sorted(PROFILES),
                    help="'compact' (default, fits 8 MB) or 'brief' (the first-specified sizes)")
    ap.add_argument('--sd2-diffusers', default='auto', choices=['auto', 'yes', 'no'],
                    help='write sd2_tiny_diffusers/ (auto: per profile)')
    ap.add_argument('--diffusers-runtime', metavar='DIR',
                    help='optional older diffusers tree (e.g. v0.19.3) whose UNet2DConditionModel '
                         'and AutoencoderKL run on torch 1.13: checks the diffusers folders against the goldens')
    args = ap.parse_args()
    C.__dict__.update(PROFILES[args.profile])
    torch.set_num_threads(1)           # deterministic reductions, and modest CPU use
    torch.manual_seed(0)
    out = args.out
    os.makedirs(out, exist_ok=True)
    refs = Refs(args)
    report = {'profile': args.profile, 'versions': {'torch': torch.__version__, 'numpy': np.__version__,
                           'open_clip': refs.oc.version, 'diffusers': refs.conv.version}}
    alphas_cumprod, sched = ldm_schedule(refs.compvis.util)

    results = {}
    for which in ('sd1', 'sd2'):
        m = refs.sd1_models() if which == 'sd1' else refs.sd2_models()
        randomize(m.unet, f'{which}-unet')
        randomize(m.vae, f'{which}-vae')
        randomize(m.text if which == 'sd1' else m.text.model, f'{which}-text')
        if which == 'sd1':
            st = make_sd1_file(m, sched)
        else:
            st = make_sd2_file(m, sched)
        load_into(m, st, which)              # the models now hold exactly the stored values
        path = os.path.join(out, f'{which}_tiny.safetensors')
        meta = {'format': 'pt', 'geodex_fixture': f'{which}_tiny',
                'note': 'random weights; see README.md for configuration'}
        write_safetensors(path, st, meta)
        if which == 'sd1':
            inp = make_inputs('sd1', 16, C.SD1_UNET['context_dim'], pad=EOS)
        else:
            inp = make_inputs('sd2', 8, C.SD2_UNET['context_dim'], pad=0)
        gold = compute_goldens(m, which, inp, alphas_cumprod)
        rec = {}
        for k, v in gold.items():
            save_npy(out, f'{which}_{k}.npy', v, rec)
        write_png(os.path.join(out, f'{which}_probe_image.png'),
                  gold['probe_image'][0].transpose(1, 2, 0).astype(np.uint8))
        results[which] = dict(models=m, st=st, gold=gold, inp=inp)
        stats = {k: [float(np.abs(v).max()), float(v.std())] for k, v in gold.items()}
        report[f'{which}_golden_absmax_std'] = stats

    # diffusers folders (conversion by diffusers' own functions)
    dif = {}
    dif['sd1'] = write_diffusers_folder(
        refs, os.path.join(out, 'sd1_tiny_diffusers'), results['sd1']['st'], 'sd1', 32,
        {'unet': 'diffusion_pytorch_model.fp16.safetensors',
         'vae': 'diffusion_pytorch_model.safetensors', 'text_encoder': 'model.safetensors'},
        'epsilon')
    deliver_sd2 = args.sd2_diffusers == 'yes' or (args.sd2_diffusers == 'auto' and C.SD2_DIFFUSERS)
    tmp = None
    if deliver_sd2 or args.diffusers_runtime:
        # not delivered (size) but still converted, into a temporary folder, for the runtime check
        sd2_dir = os.path.join(out, 'sd2_tiny_diffusers') if deliver_sd2 else tempfile.mkdtemp()
        tmp = None if deliver_sd2 else sd2_dir
        dif['sd2'] = write_diffusers_folder(
            refs, sd2_dir, results['sd2']['st'], 'sd2', 16,
            {'unet': 'diffusion_pytorch_model.safetensors',
             'vae': 'diffusion_pytorch_model.safetensors',
             'text_encoder': 'model.fp16.safetensors'}, 'v_prediction')

    # full-size key lists
    for which, name in (('sd1', 'sd15_keys.json'), ('sd2', 'sd21_keys.json')):
        keys = full_size_keys(refs, which, sched)
        jdump(os.path.join(out, name), keys)
        report[f'{name} param_counts'] = keys['param_counts']

    # ---------------- verification ----------------
    ver = {}
    for which in ('sd1', 'sd2'):
        _, rd = read_safetensors_independent(os.path.join(out, f'{which}_tiny.safetensors'))
        st = results[which]['st']
        assert set(rd) == set(st), f'{which}: key set differs'
        for k, (dt, a) in rd.items():
            assert dt == ST_DTYPE[st[k].dtype] and list(a.shape) == list(st[k].shape), k
            assert np.array_equal(a, st[k].float().numpy() if st[k].is_floating_point() else st[k].numpy()), k
        fresh = refs.sd1_models() if which == 'sd1' else refs.sd2_models()
        load_into(fresh, {k: a for k, (dt, a) in rd.items()}, which)
        again = compute_goldens(fresh, which, results[which]['inp'], alphas_cumprod)
        for k, v in again.items():
            on_disk = np.load(os.path.join(out, f'{which}_{k}.npy'))
            assert on_disk.dtype == np.float32 and on_disk.flags['C_CONTIGUOUS']
            if not np.array_equal(on_disk, v):
                raise SystemExit(f'{which}_{k}: reload from file does not reproduce the golden')
        ver[f'{which} reload-from-file reproduces every golden bit-exactly'] = True

    # the diffusers files hold exactly the single-file values (renamed / reshaped)
    dif_dirs = {'sd1': os.path.join(out, 'sd1_tiny_diffusers')}
    if 'sd2' in dif:
        dif_dirs['sd2'] = tmp or os.path.join(out, 'sd2_tiny_diffusers')
    for which, d in dif.items():
        folder = dif_dirs[which]
        for part in ('unet', 'vae', 'text_encoder'):
            fn = [f for f in os.listdir(os.path.join(folder, part)) if f.endswith('.safetensors')][0]
            _, rd = read_safetensors_independent(os.path.join(folder, part, fn))
            assert set(rd) == set(d[part]), (which, part)
            n_src = sum(v.numel() for v in d[part].values())
            ver[f'{which} diffusers {part}/{fn}: {len(rd)} tensors, {n_src} values'] = True
    if args.diffusers_runtime:
        rt = import_diffusers_runtime(args.diffusers_runtime)
        report['versions']['diffusers_runtime'] = rt.version
        for which, folder in dif_dirs.items():
            name = f'{which}_tiny_diffusers' + ('' if folder.startswith(out) else ' (converted, not delivered)')
            report[f'diffusers {rt.version} runtime vs goldens: {name} (abs, rel)'] = \
                diffusers_runtime_check(rt, folder, which, results[which]['gold'])
    if tmp:
        import shutil
        shutil.rmtree(tmp)

    # ---------------- cross-route checks ----------------
    cross = {}
    r1 = results['sd1']
    # (1) SD1-structured U-Net/VAE through the Stability-AI classes (use_linear=False)
    st_m = types.SimpleNamespace(
        unet=quiet(refs.stability.openaimodel.UNetModel, **C.SD1_UNET).eval(),
        vae=quiet(VAE, refs.stability.model, C.TINY_VAE, 4).eval(),
        text=OpenAIClipText(refs.clip, **C.SD1_TEXT).eval(), dist=refs.stability.distributions)
    load_into(st_m, r1['st'], 'sd1')
    with torch.no_grad():
        i = r1['inp']
        o = st_m.unet(i['unet_x'], i['unet_t'], context=i['unet_context']).numpy()
        cross['sd1 U-Net: CompVis vs Stability-AI classes (abs, rel)'] = max_diff(o, r1['gold']['unet_out'])
        o = vae_decode(st_m.vae, i['vae_z']).numpy()
        cross['sd1 VAE decode: CompVis vs Stability-AI model.py'] = max_diff(o, r1['gold']['vae_decoded'])
        o = vae_mean(st_m.vae, st_m.dist, i['vae_image']).numpy()
        cross['sd1 VAE mean: CompVis vs Stability-AI model.py'] = max_diff(o, r1['gold']['vae_mean'])
    # (2) SD1 text through open_clip's TextTransformer blocks with QuickGELU
    t1 = C.SD1_TEXT
    oc_t = refs.oc.model.CLIP(t1['width'], refs.oc.model.CLIPVisionCfg(layers=1, width=64, head_width=64,
                                                                       patch_size=16, image_size=32),
                              refs.oc.model.CLIPTextCfg(context_length=CTX_LEN, vocab_size=VOCAB,
                                                        width=t1['width'], heads=t1['heads'],
                                                        layers=t1['layers']),
                              quick_gelu=True)
    del oc_t.visual
    sd = hf_to_openai_clip(sub({k: torch.as_tensor(v).float() if torch.as_tensor(v).is_floating_point() else v
                                for k, v in r1['st'].items()}, PREFIX['sd1_text']))
    missing, unexpected = oc_t.load_state_dict(sd, strict=False)
    assert set(missing) <= {'text_projection', 'logit_scale'} and not unexpected, (missing, unexpected)
    emb = make_frozen_openclip_embedder(refs.stability.modules, oc_t.eval(), layer='last')
    with torch.no_grad():
        o = emb.encode_with_transformer(r1['inp']['text_tokens']).numpy()
    cross['sd1 text: openai CLIP vs open_clip blocks (QuickGELU, layer="last")'] = max_diff(o, r1['gold']['text_out'])
    # (3) SD2 text: Stability's penultimate route vs openai CLIP blocks with GELU, last block dropped
    r2 = results['sd2']
    alt = OpenAIClipText(refs.clip, vocab=VOCAB, width=C.SD2_TEXT['width'], layers=C.SD2_TEXT['layers'] - 1,
                         heads=C.SD2_TEXT['heads']).eval()
    for blk in alt.transformer.resblocks:
        blk.mlp.gelu = nn.GELU()
    sd2t = {k: torch.as_tensor(v).float() for k, v in sub(r2['st'], PREFIX['sd2_text']).items()}
    sd2t = {k: v for k, v in sd2t.items() if not k.startswith(f'transformer.resblocks.{C.SD2_TEXT["layers"] - 1}.')
            and k not in ('text_projection', 'logit_scale')}
    alt.load_state_dict(sd2t)
    with torch.no_grad():
        o = alt(r2['inp']['text_tokens']).numpy()
    cross['sd2 text: Stability penultimate vs openai CLIP blocks with GELU, all but the last block'] = max_diff(o, r2['gold']['text_out'])
    # (4) SD2 V-from-eps identity check in float64 vs float32 arithmetic
    a = float(alphas_cumprod[400])
    f32 = (np.float32(math.sqrt(a)) * r2['gold']['probe_eps_t400']
           + np.float32(math.sqrt(1 - a)) * r2['gold']['probe_latent'])
    cross['sd2 eps_from_v: float64 golden vs float32 arithmetic'] = max_diff(f32, r2['gold']['probe_eps_from_v_t400'])
    # (5) ldm (float64) vs diffusers (float32) beta schedule
    dif_betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float32) ** 2
    dif_ac = torch.cumprod(1.0 - dif_betas, dim=0).numpy()
    cross['alphas_cumprod: diffusers float32 formula vs ldm float64'] = max_diff(dif_ac, alphas_cumprod)
    report['alphas_cumprod[400] (ldm float64)'] = repr(float(alphas_cumprod[400]))
    report['cross_route_max_diffs (abs, rel-to-absmax)'] = cross
    report['verification'] = ver
    report['tiny_param_counts'] = {
        w: {p: sum(v.numel() for k, v in results[w]['st'].items() if k.startswith(PREFIX[pp]) and v.is_floating_point())
            for p, pp in (('unet', 'unet'), ('vae', 'vae'), ('text', f'{w}_text'))} for w in ('sd1', 'sd2')}
    # content hashes (determinism check across runs)
    hashes = {}
    for root, _, files in os.walk(out):
        for f in sorted(files):
            p = os.path.join(root, f)
            if f == 'generation_report.json':
                continue
            hashes[os.path.relpath(p, out)] = hashlib.sha256(open(p, 'rb').read()).hexdigest()
    report['sha256'] = dict(sorted(hashes.items()))
    jdump(os.path.join(out, 'generation_report.json'), report)
    print(json.dumps({k: v for k, v in report.items() if k != 'sha256'}, indent=1))


if __name__ == '__main__':
    main()
