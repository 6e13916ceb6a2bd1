#!/usr/bin/env python3
"""Export a diffusers model to TorchScript files geodex can load — for eps-models geodex does not
read natively.

Stable Diffusion 1.x / 2.x checkpoints need no export any more: geodex reads a single
.safetensors file or a diffusers folder directly (`geodex-cli interpolate --model
v1-5-pruned-emaonly.safetensors`, or the window's Open model). Use this script for other
models with the same VAE + eps U-Net layout, and for the LPIPS and Inception networks
(--lpips, --inception, --metrics-only).

PyTorch 2.x: diffusers then runs attention through F.scaled_dot_product_attention, which
torch.jit.trace records as aten::scaled_dot_product_attention; geodex's LibTorch 1.13 refuses
such a file ("Unknown builtin op"). This script therefore switches the U-Net and the VAE to
diffusers' classic attention processor before tracing, and refuses to save a graph that still
holds the op. Honest note: this script was not run on the machine geodex is developed on (no
diffusers there); the native checkpoint reader is what geodex tests.

geodex never downloads weights. Run this script once on your own machine, where PyTorch,
diffusers and transformers are installed and the model is on disk or reachable on the
Hugging Face hub, and copy the output folder to the machine that runs geodex.

    pip install torch diffusers transformers            # plus: lpips torchvision (optional)
    python3 tools/export_sd.py --model runwayml/stable-diffusion-v1-5 --out sd15
    python3 tools/export_sd.py --model stabilityai/stable-diffusion-2-1-base --out sd21 \\
        --prompt "a photograph" --lpips --inception

--model takes a hub id or a local diffusers folder. The output folder holds:

  vae_encoder.pt  forward(image [1,3,H,W] float32 RGB in [-1,1]) -> latent mean [1,4,H/8,W/8],
                  NOT multiplied by latent_scale_factor (geodex scales it).
  vae_decoder.pt  forward(latent [B,4,H/8,W/8], unscaled) -> image [B,3,H,W] in about [-1,1].
  unet.pt         forward(x [B,4,h,w] float32, t [B] float32 timesteps in 0..T-1) -> epsilon
                  [B,4,h,w]; the text embedding of --prompt (empty by default) is a buffer
                  `text_embedding` [1,77,D], no classifier-free guidance. Traced at h = w =
                  image_size/8: use that latent size (any batch size).
  model.json      latent_scale_factor (0.18215 for SD 1.x and 2.x), latent shape, image size,
                  the training schedule (scaled_linear, beta_start, beta_end, T = 1000),
                  prediction_type ("epsilon"; v-prediction models are refused) and the prompt.
  lpips_alex.pt   (--lpips) forward(a [B,3,H,W], b [B,3,H,W], both in [-1,1]) -> LPIPS [B],
                  AlexNet variant of the `lpips` package (Zhang et al. 2018).
  inception_pool.pt (--inception) forward(images [B,3,H,W] RGB in [0,1]) -> pool features
                  [B,2048] of torchvision's Inception-v3 (resized to 299, ImageNet-normalised),
                  for FID/KID. Note: torchvision's weights differ from the TensorFlow Inception
                  of the reference FID code, so values are comparable only among themselves.

Every exported module is reloaded with torch.jit.load and compared with the eager model
(maximum absolute difference printed) before the script reports success.
"""
import argparse
import json
import os
import sys

import torch
from torch import nn


class VaeEncoder(nn.Module):
    """Image in [-1, 1] -> mean of the latent posterior (unscaled)."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        return self.vae.encode(image, return_dict=False)[0].mean


class VaeDecoder(nn.Module):
    """Unscaled latent -> image in about [-1, 1]."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, latent):
        return self.vae.decode(latent, return_dict=False)[0]


class ConditionedUNet(nn.Module):
    """epsilon(x, t) with a fixed text embedding, broadcast over the batch."""

    def __init__(self, unet, text_embedding):
        super().__init__()
        self.unet = unet
        self.register_buffer("text_embedding", text_embedding)

    def forward(self, x, t):
        context = self.text_embedding.expand(x.shape[0], -1, -1)
        return self.unet(x, t, encoder_hidden_states=context, return_dict=False)[0]


class LpipsAlex(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, a, b):
        return self.model(a, b).flatten()


class InceptionPool(nn.Module):
    """[0,1] RGB -> 2048 pool features of Inception-v3."""

    def __init__(self, model):
        super().__init__()
        self.model = model
        self.register_buffer("mean", torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1))

    def forward(self, images):
        x = nn.functional.interpolate(images, size=(299, 299), mode="bilinear",
                                      align_corners=False)
        return self.model((x - self.mean) / self.std)


def classic_attention(model):
    """Attention as matmul + softmax (diffusers' AttnProcessor) instead of PyTorch 2's fused
    scaled_dot_product_attention, which LibTorch 1.13 cannot load."""
    if not hasattr(model, "set_attn_processor"):
        return
    try:
        from diffusers.models.attention_processor import AttnProcessor
    except ImportError:  # diffusers before 0.13 had no processors and no fused attention
        return
    model.set_attn_processor(AttnProcessor())


def save_traced(module, example, path, check_inputs):
    """Trace, save, reload and compare with the eager module on fresh inputs."""
    module.eval()
    with torch.no_grad():
        traced = torch.jit.trace(module, example, check_trace=False)
        if "scaled_dot_product_attention" in str(traced.inlined_graph):
            sys.exit(f"export_sd: {path}: the traced graph calls aten::scaled_dot_product_attention, "
                     "which LibTorch 1.13 (geodex) cannot load; update diffusers or export with "
                     "PyTorch 1.13")
        traced.save(path)
        reloaded = torch.jit.load(path, map_location=example[0].device)
        worst = 0.0
        for inputs in check_inputs:
            expected = module(*inputs)
            actual = reloaded(*inputs)
            if expected.shape != actual.shape:
                sys.exit(f"export_sd: {path}: shape {tuple(actual.shape)} after reload, "
                         f"expected {tuple(expected.shape)}")
            worst = max(worst, (expected - actual).abs().max().item())
    print(f"  {os.path.basename(path)}: saved, reload max |difference| = {worst:.3g}")
    return worst


def text_embedding(pipe, prompt, device):
    tokens = pipe.tokenizer(prompt, padding="max_length", max_length=pipe.tokenizer.model_max_length,
                            truncation=True, return_tensors="pt")
    with torch.no_grad():
        return pipe.text_encoder(tokens.input_ids.to(device))[0].float()


def export_stable_diffusion(args, device):
    try:
        from diffusers import StableDiffusionPipeline
    except ImportError:
        sys.exit("export_sd: needs diffusers and transformers (pip install diffusers transformers)")
    print(f"loading {args.model} ...")
    pipe = StableDiffusionPipeline.from_pretrained(args.model, torch_dtype=torch.float32,
                                                   safety_checker=None)
    pipe.to(device)
    classic_attention(pipe.unet)
    classic_attention(pipe.vae)
    config = pipe.scheduler.config
    prediction = config.get("prediction_type", "epsilon")
    if prediction != "epsilon":
        sys.exit(f"export_sd: {args.model} predicts '{prediction}'; geodex needs an epsilon-"
                 "prediction model (e.g. SD 1.5 or SD 2.1-base, not SD 2.1 768-v)")
    size = args.image_size or pipe.unet.config.sample_size * pipe.vae_scale_factor
    if size % 8 != 0:
        sys.exit(f"export_sd: --image-size must be a multiple of 8, got {size}")
    latent = size // 8
    channels = pipe.unet.config.in_channels
    scale = float(getattr(pipe.vae.config, "scaling_factor", 0.18215))

    print(f"exporting at {size}x{size} (latent {channels}x{latent}x{latent}) to {args.out}")
    image = torch.rand(1, 3, size, size, device=device) * 2 - 1
    save_traced(VaeEncoder(pipe.vae), (image,), os.path.join(args.out, "vae_encoder.pt"),
                [(torch.rand(1, 3, size, size, device=device) * 2 - 1,)])
    z = torch.randn(1, channels, latent, latent, device=device)
    save_traced(VaeDecoder(pipe.vae), (z,), os.path.join(args.out, "vae_decoder.pt"),
                [(torch.randn(2, channels, latent, latent, device=device),)])
    embedding = text_embedding(pipe, args.prompt, device)
    x = torch.randn(2, channels, latent, latent, device=device)
    t = torch.tensor([400.0, 400.0], device=device)
    save_traced(ConditionedUNet(pipe.unet, embedding), (x, t), os.path.join(args.out, "unet.pt"),
                [(torch.randn(1, channels, latent, latent, device=device),
                  torch.tensor([250.0], device=device)),
                 (torch.randn(3, channels, latent, latent, device=device),
                  torch.tensor([10.0, 500.0, 999.0], device=device))])
    return {
        "format": "geodex-stable-diffusion-torchscript",
        "version": 1,
        "source_model": args.model,
        "image_size": size,
        "latent_channels": channels,
        "latent_size": latent,
        "latent_shape": [channels, latent, latent],
        "latent_scale_factor": scale,
        "schedule": {
            "type": config.get("beta_schedule", "scaled_linear"),
            "beta_start": float(config.get("beta_start", 0.00085)),
            "beta_end": float(config.get("beta_end", 0.012)),
            "num_train_timesteps": int(config.get("num_train_timesteps", 1000)),
        },
        "prediction_type": prediction,
        "prompt": args.prompt,
        "text_embedding_shape": list(embedding.shape),
        "files": {"vae_encoder": "vae_encoder.pt", "vae_decoder": "vae_decoder.pt",
                  "unet": "unet.pt"},
        "io": {
            "vae_encoder": "image [1,3,H,W] RGB in [-1,1] -> latent mean [1,C,H/8,W/8], unscaled",
            "vae_decoder": "latent [B,C,H/8,W/8], unscaled -> image [B,3,H,W] in [-1,1]",
            "unet": "x [B,C,h,w], t [B] float32 timesteps -> epsilon [B,C,h,w]",
        },
    }


def export_lpips(args, device, files):
    try:
        import lpips
    except ImportError:
        sys.exit("export_sd: --lpips needs the lpips package (pip install lpips)")
    model = LpipsAlex(lpips.LPIPS(net="alex", verbose=False)).to(device)
    a = torch.rand(2, 3, 64, 64, device=device) * 2 - 1
    b = torch.rand(2, 3, 64, 64, device=device) * 2 - 1
    save_traced(model, (a, b), os.path.join(args.out, "lpips_alex.pt"),
                [(torch.rand(1, 3, 128, 128, device=device) * 2 - 1,
                  torch.rand(1, 3, 128, 128, device=device) * 2 - 1)])
    files["lpips"] = "lpips_alex.pt"


def export_inception(args, device, files):
    try:
        from torchvision.models import Inception_V3_Weights, inception_v3
    except ImportError:
        sys.exit("export_sd: --inception needs torchvision >= 0.13 (pip install torchvision)")
    net = inception_v3(weights=Inception_V3_Weights.IMAGENET1K_V1)
    net.fc = nn.Identity()  # keep the 2048 pool features
    model = InceptionPool(net).to(device)
    save_traced(model, (torch.rand(2, 3, 256, 256, device=device),),
                os.path.join(args.out, "inception_pool.pt"),
                [(torch.rand(3, 3, 128, 128, device=device),)])
    files["inception"] = "inception_pool.pt"


def main():
    parser = argparse.ArgumentParser(
        description="Export Stable Diffusion (and optionally LPIPS / Inception) to TorchScript "
                    "for geodex.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--model", default="runwayml/stable-diffusion-v1-5",
                        help="diffusers model id or local folder (epsilon prediction)")
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--prompt", default="", help="text prompt baked into unet.pt")
    parser.add_argument("--image-size", type=int, default=0,
                        help="square image size in pixels (default: the model's, 512)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda for tracing (float32)")
    parser.add_argument("--lpips", action="store_true", help="also export lpips_alex.pt")
    parser.add_argument("--inception", action="store_true", help="also export inception_pool.pt")
    parser.add_argument("--metrics-only", action="store_true",
                        help="export only the --lpips / --inception networks")
    args = parser.parse_args()
    if args.metrics_only and not (args.lpips or args.inception):
        parser.error("--metrics-only needs --lpips and/or --inception")
    os.makedirs(args.out, exist_ok=True)
    device = torch.device(args.device)

    manifest_path = os.path.join(args.out, "model.json")
    if args.metrics_only:
        manifest = {"files": {}}
        if os.path.exists(manifest_path):
            with open(manifest_path) as f:
                manifest = json.load(f)
    else:
        manifest = export_stable_diffusion(args, device)
    files = manifest.setdefault("files", {})
    if args.lpips:
        export_lpips(args, device, files)
    if args.inception:
        export_inception(args, device, files)
    temp = manifest_path + ".tmp"
    with open(temp, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    os.replace(temp, manifest_path)  # complete or nothing
    print(f"wrote {manifest_path}; load the folder with geodex (--model {args.out})")


if __name__ == "__main__":
    main()
