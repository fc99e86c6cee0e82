import Foundation

/// Why a file or folder could not be read or written, in words a person can act on.
public enum FileProblem: Message, Equatable {
    case notFound
    case isFolder
    case folderMissing(String)
    case noPermission
    case diskFull
    case other(String)

    public var localized: Localized {
        switch self {
        case .notFound:
            return Localized(zh: "文件不存在，请检查文件名和路径", en: "there is no such file; check the name and path")
        case .isFolder:
            return Localized(zh: "这是一个文件夹，不是文件", en: "it is a folder, not a file")
        case .folderMissing(let folder):
            return Localized(
                zh: "文件夹 \(folder) 不存在，请先建立该文件夹或换一个位置",
                en: "the folder \(folder) does not exist; create it or choose another place")
        case .noPermission:
            return Localized(
                zh: "没有读写权限（文件或文件夹是只读的，或属于其他用户），请换一个位置或请管理员开通权限",
                en:
                    "permission denied (the file or folder is read-only or belongs to another user); choose another place or ask for access"
            )
        case .diskFull:
            return Localized(zh: "磁盘空间不足，请清理磁盘后重试", en: "the disk is full; free some space and try again")
        case .other(let reason):
            return Localized(zh: "系统提示：\(reason)", en: "the system says: \(reason)")
        }
    }

    public static var examples: [FileProblem] {
        [.notFound, .isFolder, .folderMissing("reports"), .noPermission, .diskFull, .other("I/O error")]
    }

    /// The problem behind an errno value.
    public static func of(errno code: Int32, path: String) -> FileProblem {
        switch code {
        case ENOENT:
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) { return .folderMissing(folder) }
            return .notFound
        case EISDIR: return .isFolder
        case EACCES, EPERM, EROFS: return .noPermission
        case ENOSPC, EDQUOT: return .diskFull
        default: return .other(String(cString: strerror(code)))
        }
    }

    /// The problem behind a Foundation error about `path`.
    public static func of(path: String, error: Error) -> FileProblem {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return of(errno: Int32(nsError.code), path: path) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return of(errno: Int32(underlying.code), path: path)
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return of(errno: ENOENT, path: path)
            case .fileReadNoPermission, .fileWriteNoPermission, .fileWriteVolumeReadOnly: return .noPermission
            case .fileWriteOutOfSpace: return .diskFull
            default: break
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return .isFolder }
            if !FileManager.default.isReadableFile(atPath: path) { return .noPermission }
        } else {
            return of(errno: ENOENT, path: path)
        }
        return .other(nsError.localizedDescription)
    }
}
