namespace Rapport.Sandbox.Tests;

[Collection(RealSandbox.Name)]
public sealed class HelloWorldTests(SandboxFixture fixture)
{
    [Theory]
    [InlineData("python", "print('hello', 6 * 7)")]
    [InlineData("javascript", "console.log('hello', 6 * 7)")]
    [InlineData("cpp", "#include <iostream>\nint main() { std::cout << \"hello \" << 6 * 7 << std::endl; }")]
    [InlineData("csharp", "Console.WriteLine($\"hello {6 * 7}\");")]
    public async Task HelloWorld_EachLanguage_PrintsAndIsOk(string language, string source)
    {
        var result = await fixture.RunAsync(language, source);

        Assert.True(result.Verdict == Verdict.Ok, $"{result.Verdict}: {result.Message}\n{result.Stderr}\n{result.OperatorDetail}");
        Assert.Equal("hello 42\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
    }
}
