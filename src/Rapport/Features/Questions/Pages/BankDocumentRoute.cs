using Rapport.Features.Questions.Storage;

namespace Rapport.Features.Questions.Pages;

/// <summary>Questions and kits share the edit and version pages; the path says which.</summary>
public static class BankDocumentRoute
{
    public static BankDocumentKind KindOf(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/bank/kits") ? BankDocumentKind.Kit : BankDocumentKind.Question;

    public static string PathOf(BankDocumentKind kind, string id) => kind == BankDocumentKind.Kit ? $"/bank/kits/{id}" : $"/bank/questions/{id}";
}
