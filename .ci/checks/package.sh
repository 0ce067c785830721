#!/usr/bin/env bash
# Packs the library, checks what the .nupkg holds, then installs it from a local folder into a throwaway console
# project that parses a notification: a broken package cannot land.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack src/Withings.Sdk/Withings.Sdk.csproj -c Release --no-build -o "$work/feed" -p:VersionSuffix=ci
dotnet pack src/Withings.Sdk.AspNetCore/Withings.Sdk.AspNetCore.csproj -c Release --no-build -o "$work/feed" -p:VersionSuffix=ci
dotnet pack src/Withings.Sdk.Redis/Withings.Sdk.Redis.csproj -c Release --no-build -o "$work/feed" -p:VersionSuffix=ci
dotnet pack src/Withings.Sdk.Testing/Withings.Sdk.Testing.csproj -c Release --no-build -o "$work/feed" -p:VersionSuffix=ci
ls "$work/feed"

cp -r .ci/package-consumer "$work/consumer"
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
# The throwaway project must not inherit this repository's build settings.
echo '<Project />' > "$work/Directory.Build.props"
echo '<Project />' > "$work/Directory.Packages.props"
version=$(ls "$work/feed" | sed -nE 's/^Withings\.Sdk\.([0-9].*)\.nupkg$/\1/p' | head -n 1)
NUGET_PACKAGES="$work/packages" dotnet run --project "$work/consumer" -p:WithingsSdkVersion="$version" -- "$work/feed/Withings.Sdk.$version.nupkg" "$work/feed/Withings.Sdk.$version.snupkg" "$work/feed/Withings.Sdk.AspNetCore.$version.nupkg" "$work/feed/Withings.Sdk.Redis.$version.nupkg"
