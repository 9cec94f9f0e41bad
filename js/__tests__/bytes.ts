/** Test helper: little-endian float32 bytes, written explicitly so tests do not depend on host endianness. */
export function f32(values: number[]): DataView {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return view;
}
