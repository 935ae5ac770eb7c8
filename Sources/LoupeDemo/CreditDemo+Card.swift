extension CreditDemo {
    /// The file name of the demo's model card in `Demo/`.
    public static let cardFileName = "credit-card.json"

    /// The model card of the demo's candidate (`Demo/credit-card.json`, embedded at build time):
    /// the sections only people can write, honest about the data being generated and the model
    /// simulated, and about the planted problems. `loupe demo` draws `model-card.html` from it.
    public static var cardJSON: String { EmbeddedDemoFiles.files[cardFileName] ?? "" }
}
