/**
 * The role colours of the graph: twelve colours chosen far apart (and apart from the
 * error red of cycles), then the same twelve again with a dashed, a dotted and a
 * dash-dot outline, so that up to 48 roles never share a look; past 48 the looks
 * repeat and the legend's names tell roles apart. Pure, for the page and the tests.
 */

/** Hex colours, far apart in CIELAB (test/unit/graphLod.test.ts holds them to it). */
export const ROLE_COLOURS = [
  '#1f77b4', // blue
  '#ff7f0e', // orange
  '#2ca02c', // green
  '#9467bd', // purple
  '#8c564b', // brown
  '#e377c2', // pink
  '#7f7f7f', // grey
  '#bcbd22', // olive
  '#17becf', // cyan
  '#393b79', // indigo
  '#aec7e8', // light blue
  '#005f3c', // dark green
] as const;

export type RolePattern = 'solid' | 'dashed' | 'dotted' | 'dashdot';
export const ROLE_PATTERNS: readonly RolePattern[] = ['solid', 'dashed', 'dotted', 'dashdot'];

/** SVG `stroke-dasharray` of each pattern (none for solid). */
export const DASHES: Record<RolePattern, string | undefined> = { solid: undefined, dashed: '6 3', dotted: '1.5 2.5', dashdot: '6 2 1.5 2' };

export interface RoleStyle {
  colour: string;
  pattern: RolePattern;
}

/** The look of the `index`-th role (in role order). */
export function roleStyle(index: number): RoleStyle {
  const i = Math.max(0, Math.floor(index));
  return { colour: ROLE_COLOURS[i % ROLE_COLOURS.length], pattern: ROLE_PATTERNS[Math.floor(i / ROLE_COLOURS.length) % ROLE_PATTERNS.length] };
}

/** CIELAB of a hex colour (D65). */
export function lab(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [lin((v >> 16) & 255), lin((v >> 8) & 255), lin(v & 255)];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIE76 colour difference. */
export function deltaE(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
