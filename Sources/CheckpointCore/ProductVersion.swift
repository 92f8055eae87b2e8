/// The one place the product's version is written. Packaging reads it from here
/// (`packaging/build-deb` and `packaging/rpm/build-rpm` read this line), so change it only here.
public enum ProductVersion {
    public static let current = "0.1.0"
}
