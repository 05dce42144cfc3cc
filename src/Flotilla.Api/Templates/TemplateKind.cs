namespace Flotilla.Api.Templates;

/// <summary>Built: from the image dir (<c>images/NAME/build</c>). User: made on this host from a VM (<c>template create --from-vm</c>).</summary>
public enum TemplateKind
{
    Built,
    User,
}
