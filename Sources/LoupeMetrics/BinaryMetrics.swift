public enum BinaryMetrics {}
