/// A page of the report site: its file, its title, its entry in the navigation bar, the template
/// that draws its body and the values that template gets.
///
/// `SiteRenderer.pageKinds` lists every kind of page once, in navigation order. The renderer
/// draws the pages those kinds yield for the results, and every page's navigation bar lists the
/// same pages in the same order, so the two cannot disagree. A new page is a type conforming
/// here, its line in that list and its template in `Templates/`.
protocol SitePage {
    /// The pages of this kind that these results have, in navigation order: none when the kind
    /// does not apply (no fairness results, no earlier runs), one per model for model pages.
    static func pages(for site: Site) -> [Self]

    /// The file name, relative to the site folder; the navigation bar links to it.
    var path: String { get }
    /// The page's name in its `<title>`, before the site's title.
    var title: String { get }
    /// The page's entry in the navigation bar; its title unless the page says otherwise.
    var navigationLabel: String { get }
    /// The template that draws the page's body, by file name.
    var template: String { get }
    /// Whether the page carries the script that sorts its tables (`sort.js`); true unless the
    /// page says otherwise. A page without it allows no script at all.
    var sortsTables: Bool { get }
    /// Whether the navigation bar lists the page; true unless the page says otherwise (a detail
    /// page is reached from the page it details).
    var inNavigation: Bool { get }

    /// The values `template` is rendered with.
    func context(_ site: Site) throws -> TemplateValue

    /// About how much drawing the page takes, relative to a page of a few tables (1): the site's
    /// pages are drawn side by side, the costliest first, so that none is left to draw alone on
    /// one core at the end.
    func renderCost(_ site: Site) -> Int
}

extension SitePage {
    var navigationLabel: String { title }
    var sortsTables: Bool { true }
    var inNavigation: Bool { true }
    func renderCost(_ site: Site) -> Int { 1 }
}

/// A page that a site has once, or not at all when the results have nothing for it.
protocol SingleSitePage: SitePage {
    init()
    /// Whether these results have the page; true unless the page says otherwise.
    static func applies(to site: Site) -> Bool
}

extension SingleSitePage {
    static func applies(to site: Site) -> Bool { true }

    static func pages(for site: Site) -> [Self] { applies(to: site) ? [Self()] : [] }
}
