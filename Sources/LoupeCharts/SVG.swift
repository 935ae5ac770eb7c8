public struct SVG {}
