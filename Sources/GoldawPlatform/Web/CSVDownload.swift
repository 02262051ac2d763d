import Vapor

/// A CSV answer: UTF-8 text, offered as a file when a name is given. Every export builds its
/// rows itself (which cells are neutralised text, which are numbers) and answers through here.
package enum CSVDownload {
    package static func response(_ body: String, filename: String?) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        if let filename { headers.contentDisposition = .init(.attachment, filename: filename) }
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
