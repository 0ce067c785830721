#!/usr/bin/env python3
"""Regenerates the PublicAPI*.txt files of every packable project from what the compiler reports (RS0016/RS0017).

Usage: python3 eng/update-public-api.py   (from the repository root; it rebuilds each target framework)

The public API differs slightly between target frameworks (records' covariant Clone exists on net10.0 only, not netstandard2.0), so the
API common to every framework goes to PublicAPI.Unshipped.txt and the rest to PublicAPI/<tfm>/PublicAPI.Unshipped.txt.
Review the diff: it is the public API change of your work.
"""
import os
import re
import subprocess
import sys

PROJECTS = {
    "src/Withings.Sdk/Withings.Sdk.csproj": ["netstandard2.0", "net10.0"],
    "src/Withings.Sdk.AspNetCore/Withings.Sdk.AspNetCore.csproj": ["net10.0"],
    "src/Withings.Sdk.Redis/Withings.Sdk.Redis.csproj": ["net10.0"],
    "src/Withings.Sdk.Testing/Withings.Sdk.Testing.csproj": ["net10.0"],
}
MISSING = re.compile(r"error RS0016: Symbol '(.*)' is not part of the declared public API")
HEADER = "#nullable enable\n"


def reset(folder, tfms):
    with open(os.path.join(folder, "PublicAPI.Unshipped.txt"), "w") as f:
        f.write(HEADER)
    if not os.path.exists(os.path.join(folder, "PublicAPI.Shipped.txt")):
        with open(os.path.join(folder, "PublicAPI.Shipped.txt"), "w") as f:
            f.write(HEADER)
    for tfm in tfms:
        path = os.path.join(folder, "PublicAPI", tfm)
        os.makedirs(path, exist_ok=True)
        for name in ("PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt"):
            with open(os.path.join(path, name), "w") as f:
                f.write(HEADER)


def missing_symbols(project, tfm):
    result = subprocess.run(
        ["dotnet", "build", project, "-c", "Release", "-f", tfm, "--no-incremental", "-p:TreatWarningsAsErrors=true"],
        capture_output=True, text=True)
    return {m.group(1) for m in MISSING.finditer(result.stdout)}


def write(path, symbols):
    with open(path, "w") as f:
        f.write(HEADER)
        for symbol in sorted(symbols, key=str.lower):
            f.write(symbol + "\n")


def main():
    for project, tfms in PROJECTS.items():
        folder = os.path.dirname(project)
        reset(folder, tfms)
        per_tfm = {tfm: missing_symbols(project, tfm) for tfm in tfms}
        common = set.intersection(*per_tfm.values())
        write(os.path.join(folder, "PublicAPI.Unshipped.txt"), common)
        for tfm, symbols in per_tfm.items():
            write(os.path.join(folder, "PublicAPI", tfm, "PublicAPI.Unshipped.txt"), symbols - common)
        print(f"{project}: {len(common)} common, " + ", ".join(f"{t}: {len(s - common)} own" for t, s in per_tfm.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
