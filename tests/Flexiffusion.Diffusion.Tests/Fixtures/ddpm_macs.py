"""Independent MAC count of the DDPM U-Net's full and partial (DeepCache) steps.

Cross-checks the constants pinned in Macs/MacCounterTests.cs without the C# MacCounter: the U-Net is
rebuilt here in PyTorch after the reference implementation (Ho et al. 2020, diffusion/models/unet.py;
the pytorch_diffusion port that DeepCache's DDPM code uses), one real forward pass is run, and forward
hooks count the MACs of every Conv2d and Linear that actually executes (output elements × input
channels × kernel area; biases free), torch.bmm calls being counted separately as attention matmuls.
A partial step at branch b runs conv_in, the down path until skip b exists, then the up path from the
block that consumes skip b, fed a cached feature of the right shape.

Run: python3 ddpm_macs.py   (Debian: apt-get install python3-torch; any PyTorch ≥ 1.10 works)
"""
import math

import torch
from torch import nn
import torch.nn.functional as F

CONFIGS = {
    # name: (in_ch, resolution, ch, ch_mult, num_res_blocks, attn_resolutions, mid_attention, groups)
    "ddpm-cifar10": (3, 32, 128, (1, 2, 2, 2), 2, (16,), True, 32),
    "mnist": (1, 32, 16, (1, 2, 2), 2, (), False, 8),
}

BMM = [0]


def bmm(a, b):
    BMM[0] += a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
    return torch.bmm(a, b)


def timestep_embedding(t, dim):
    half = dim // 2
    freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / (half - 1))
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class ResnetBlock(nn.Module):
    def __init__(self, cin, cout, temb, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.temb_proj = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.nin_shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.temb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.nin_shortcut is None else self.nin_shortcut(x)) + h


class AttnBlock(nn.Module):
    def __init__(self, c, groups):
        super().__init__()
        self.norm = nn.GroupNorm(groups, c)
        self.q, self.k, self.v, self.proj_out = (nn.Conv2d(c, c, 1) for _ in range(4))

    def forward(self, x):
        b, c, h, w = x.shape
        hn = self.norm(x)
        q = self.q(hn).reshape(b, c, h * w).permute(0, 2, 1)
        k = self.k(hn).reshape(b, c, h * w)
        weights = torch.softmax(bmm(q, k) * c ** -0.5, dim=2)
        v = self.v(hn).reshape(b, c, h * w)
        return x + self.proj_out(bmm(v, weights.permute(0, 2, 1)).reshape(b, c, h, w))


class UNet(nn.Module):
    def __init__(self, in_ch, res, ch, ch_mult, nrb, attn_res, mid_attn, g):
        super().__init__()
        self.ch, self.nrb, self.levels = ch, nrb, len(ch_mult)
        temb = 4 * ch
        self.dense = nn.ModuleList([nn.Linear(ch, temb), nn.Linear(temb, temb)])
        self.conv_in = nn.Conv2d(in_ch, ch, 3, padding=1)
        in_mult = (1,) + tuple(ch_mult)
        self.down_blocks, self.down_attn, self.downsample = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        cur, block_in = res, ch
        for lvl in range(self.levels):
            blocks, attns = nn.ModuleList(), nn.ModuleList()
            block_in = ch * in_mult[lvl]
            for _ in range(nrb):
                blocks.append(ResnetBlock(block_in, ch * ch_mult[lvl], temb, g))
                block_in = ch * ch_mult[lvl]
                attns.append(AttnBlock(block_in, g) if cur in attn_res else nn.Identity())
            self.down_blocks.append(blocks)
            self.down_attn.append(attns)
            if lvl != self.levels - 1:
                self.downsample.append(nn.Conv2d(block_in, block_in, 3, stride=2))
                cur //= 2
        self.mid1 = ResnetBlock(block_in, block_in, temb, g)
        self.mid_attn = AttnBlock(block_in, g) if mid_attn else nn.Identity()
        self.mid2 = ResnetBlock(block_in, block_in, temb, g)
        self.up_blocks, self.up_attn, self.upsample = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for lvl in reversed(range(self.levels)):
            blocks, attns = nn.ModuleList(), nn.ModuleList()
            skip_in = ch * ch_mult[lvl]
            for i in range(nrb + 1):
                if i == nrb:
                    skip_in = ch * in_mult[lvl]
                blocks.append(ResnetBlock(block_in + skip_in, ch * ch_mult[lvl], temb, g))
                block_in = ch * ch_mult[lvl]
                attns.append(AttnBlock(block_in, g) if cur in attn_res else nn.Identity())
            self.up_blocks.insert(0, blocks)
            self.up_attn.insert(0, attns)
            if lvl != 0:
                self.upsample.insert(0, nn.Conv2d(block_in, block_in, 3, padding=1))
                cur *= 2
        self.norm_out = nn.GroupNorm(g, block_in)
        self.conv_out = nn.Conv2d(block_in, in_ch, 3, padding=1)

    def forward(self, x, t, branch=None, cached=None):
        """Full step when branch is None (returns the output and the feature entering each up block,
        keyed by the skip it consumes); else the partial step at that branch from `cached`."""
        temb = self.dense[1](F.silu(self.dense[0](timestep_embedding(t, self.ch))))
        hs = [self.conv_in(x)]
        for lvl in range(self.levels):
            for i in range(self.nrb):
                if branch is not None and len(hs) > branch:
                    break
                hs.append(self.down_attn[lvl][i](self.down_blocks[lvl][i](hs[-1], temb)))
            if lvl != self.levels - 1 and (branch is None or len(hs) <= branch):
                hs.append(self.downsample[lvl](F.pad(hs[-1], (0, 1, 0, 1))))
        entering = {}
        h = self.mid2(self.mid_attn(self.mid1(hs[-1], temb)), temb) if branch is None else None
        skip = self.levels * (self.nrb + 1) - 1  # the skip the next up block consumes
        for lvl in reversed(range(self.levels)):
            for i in range(self.nrb + 1):
                if skip == branch:
                    h = cached
                if h is not None:
                    entering[skip] = h
                    h = self.up_attn[lvl][i](self.up_blocks[lvl][i](torch.cat([h, hs.pop()], 1), temb))
                skip -= 1
            if lvl != 0 and h is not None:
                h = self.upsample[lvl - 1](F.interpolate(h, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h))), entering


def count(model, *args, **kwargs):
    macs = [0]

    def hook(module, inputs, output):
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            macs[0] += output.numel() * module.in_channels * kh * kw // module.groups
        else:
            macs[0] += output.numel() * module.in_features
    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    BMM[0] = 0
    with torch.no_grad():
        result = model(*args, **kwargs)
    for h in handles:
        h.remove()
    return macs[0], BMM[0], result


def main():
    torch.manual_seed(0)
    for name, cfg in CONFIGS.items():
        model = UNet(*cfg).eval()
        x = torch.randn(1, cfg[0], cfg[1], cfg[1])
        t = torch.tensor([500])
        full, full_bmm, (out, entering) = count(model, x, t)
        params = sum(p.numel() for p in model.parameters())
        print(f"{name}: parameters {params}, full {full} (+{full_bmm} attention matmul)")
        for b in sorted(entering):
            macs, att, (partial, _) = count(model, x, t, branch=b, cached=entering[b])
            same = torch.equal(partial, out)
            print(f"  branch {b:2d}: {macs} (+{att} attention matmul){'' if same else '  PARTIAL != FULL'}")


if __name__ == "__main__":
    main()
