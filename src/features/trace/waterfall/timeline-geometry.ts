// The timeline's drawing area inside its cell: a little room on both sides so the trace's last
// moment (the root bar's end, the last axis label) is drawn inside the visible width.
export const TIMELINE_PAD_LEFT_PX = 4;
export const TIMELINE_PAD_RIGHT_PX = 16;
