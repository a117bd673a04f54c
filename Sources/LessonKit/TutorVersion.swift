/// The version of the tutor, shown in exports and `tutor --version`.
public enum TutorVersion {
    public static let current = "0.1.0"
}
