#!/bin/sh
# Draws Porthole's icon (a porthole: a brass ring around a dark pane with a shell prompt) with
# ImageMagick and writes every size the packagers want: icon.png (1024 px: electron-builder turns
# it into .icns and .ico) and icons/NxN.png for the Linux packages. Run from anywhere:
#   sh build/make-icons.sh        (needs ImageMagick 6 or 7: apt-get install imagemagick)
set -eu
cd "$(dirname "$0")"
convert -size 1024x1024 xc:none \
  -fill '#1b2636' -draw 'roundrectangle 64,64 960,960 180,180' \
  -fill '#0d141f' -stroke '#c9a25a' -strokewidth 64 -draw 'circle 512,512 512,164' \
  -stroke '#8a6d35' -strokewidth 10 -fill none -draw 'circle 512,512 512,124' \
  -stroke none -fill '#c9a25a' \
  -draw 'circle 512,112 512,88' -draw 'circle 912,512 936,512' -draw 'circle 512,912 512,936' -draw 'circle 112,512 88,512' \
  -stroke '#7ee787' -strokewidth 44 -fill none -draw 'stroke-linejoin round stroke-linecap round polyline 372,420 472,512 372,604' \
  -stroke none -fill '#7ee787' -draw 'rectangle 520,580 680,624' \
  -depth 8 PNG32:icon.png
mkdir -p icons
for size in 16 32 48 64 128 256 512; do
  convert icon.png -resize "${size}x${size}" -depth 8 "PNG32:icons/${size}x${size}.png"
done
