/** The mark: concentric circles (同心圆) in Party red. Decorative, so hidden from screen readers. */
export function Logo({ size = 32, color = '#C8161D', ring = '#E8B04B' }: { size?: number; color?: string; ring?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="14.5" fill="none" stroke={color} strokeWidth="2.2" />
      <circle cx="16" cy="16" r="10" fill="none" stroke={ring} strokeWidth="2" />
      <circle cx="16" cy="16" r="5.5" fill={color} />
    </svg>
  );
}
