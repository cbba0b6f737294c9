namespace Rapport.Sandbox.Languages;

/// <summary>The languages candidates can run, by id.</summary>
internal sealed class LanguageCatalogue
{
    public LanguageCatalogue(SandboxOptions options)
    {
        All = [new PythonLanguage(options), new JavaScriptLanguage(options), new CppLanguage(options), new CSharpLanguage(options)];
    }

    public IReadOnlyList<Language> All { get; }

    public Language? Find(string id) => All.FirstOrDefault(l => l.Id == id);
}
