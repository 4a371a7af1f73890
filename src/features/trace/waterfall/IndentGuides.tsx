// The indentation of a waterfall row's name cell, with one vertical guide line per tree level.
// Shared by span rows and group rows so both line up.

export const INDENT_PX = 14;

/** `extra`: px added after the guides (a leaf row's space for the toggle it has not got). */
export function IndentGuides({ depth, extra = 0 }: { depth: number; extra?: number }) {
  return (
    <span
      aria-hidden="true"
      className="h-full shrink-0"
      style={{
        width: depth * INDENT_PX + 4 + extra,
        backgroundImage: 'linear-gradient(to right, rgba(128,128,128,0.45) 1px, transparent 1px)',
        backgroundSize: `${INDENT_PX}px 100%`,
        backgroundPosition: '10px 0',
        backgroundRepeat: 'repeat-x',
      }}
    />
  );
}
