// Placeholder renderings, replaced by the SVG implementation of each chart.
extension LineChart { public func render() -> HTML { HTML(escaping: title) } }
extension IntervalChart { public func render() -> HTML { HTML(escaping: title) } }
extension HistogramChart { public func render() -> HTML { HTML(escaping: title) } }
extension ReliabilityChart { public func render() -> HTML { HTML(escaping: title) } }
extension MatrixChart { public func render() -> HTML { HTML(escaping: title) } }
