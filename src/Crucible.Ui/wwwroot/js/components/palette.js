// Series colours readable on both the light and the dark background: ten distinct hues, then golden-angle hues.

const base = ['#3b78c4', '#e8702a', '#2f9e5a', '#d64550', '#8a63c9', '#9c6b3c', '#d65fa8', '#6f7a86', '#b59a00', '#1aa0b0'];

/** The colour of the i-th series. */
export function seriesColor(i) {
  if (i < base.length) return base[i];
  return `hsl(${Math.round((i * 137.508) % 360)}, 62%, 50%)`;
}
