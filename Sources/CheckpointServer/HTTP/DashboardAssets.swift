import Foundation

/// The page as served (issue 18): the document in each language and its script.
enum DashboardAssets {
    static let script = Array(DashboardScript.text.utf8)
    static let pages: [DashboardLanguage: [UInt8]] = Dictionary(
        uniqueKeysWithValues: DashboardLanguage.allCases.map { language in
            (language, Array(DashboardPage.document.replacingOccurrences(of: "__LANG__", with: language.rawValue).utf8))
        })

    static func page(language: DashboardLanguage) -> [UInt8] { pages[language] ?? [] }

    /// Nothing from elsewhere: the page's own script, its event stream and data, inline style, no frames.
    static let pageHeaders: [(String, String)] = [
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        ("X-Frame-Options", "DENY"),
    ]
}

/// The page's language: `?lang=zh|en`, else the first of Chinese or English in `Accept-Language` by weight, else
/// Chinese (the people of the command centre read Chinese).
enum DashboardLanguage: String, CaseIterable, Sendable {
    case zh
    case en

    static func choose(query: String, acceptLanguage: String?) -> DashboardLanguage {
        for pair in query.split(separator: "&") where pair.hasPrefix("lang=") {
            if let chosen = DashboardLanguage(rawValue: String(pair.dropFirst(5)).lowercased()) { return chosen }
        }
        guard let acceptLanguage else { return .zh }
        var best: (language: DashboardLanguage, weight: Double)?
        for item in acceptLanguage.split(separator: ",") {
            let fields = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let tag = fields.first else { continue }
            let language: DashboardLanguage? =
                tag == "zh" || tag.hasPrefix("zh-") ? .zh : tag == "en" || tag.hasPrefix("en-") ? .en : nil
            guard let language else { continue }
            var weight = 1.0
            for field in fields.dropFirst() where field.hasPrefix("q=") { weight = Double(field.dropFirst(2)) ?? 0 }
            if weight > 0, weight > (best?.weight ?? 0) { best = (language, weight) }
        }
        return best?.language ?? .zh
    }
}
