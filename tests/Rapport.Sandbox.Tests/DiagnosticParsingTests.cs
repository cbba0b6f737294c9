using Rapport.Sandbox.Languages;

namespace Rapport.Sandbox.Tests;

/// <summary>Compiler and runtime words mapped to the candidate's lines; inputs captured from the real tools.</summary>
public sealed class DiagnosticParsingTests
{
    private static readonly SandboxOptions Options = new();

    [Fact]
    public void Node_ThrowingANonError_IsAnUncaughtException()
    {
        var error = new JavaScriptLanguage(Options).ParseRuntimeError(
            "/box/main.js:4\nthrow 5;\n^\n5\n(Use `node --trace-uncaught ...` to show where the exception was thrown)\n\nNode.js v20.20.2\n", null);

        Assert.Equal(new RuntimeErrorInfo("Uncaught exception", "5", 4), error);
    }

    [Fact]
    public void Python_ExceptionRaisedInsideTheStandardLibrary_PointsAtTheCandidatesLastLine()
    {
        var error = new PythonLanguage(Options).ParseRuntimeError("""
            Traceback (most recent call last):
              File "/box/main.py", line 7, in <module>
                main()
              File "/box/main.py", line 5, in main
                json.loads("{")
              File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
                return _default_decoder.decode(s)
            json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)
            """, null);

        Assert.Equal(new RuntimeErrorInfo("json.decoder.JSONDecodeError", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)", 5), error);
    }

    [Fact]
    public void Python_IndentationError_IsASyntaxError()
    {
        var messages = new PythonLanguage(Options).SyntaxErrorsInRun("  File \"/box/main.py\", line 2\n    y=2\nIndentationError: unexpected indent\n");

        Assert.Equal([new CompilerMessage("error", 2, 0, "IndentationError", "unexpected indent")], messages);
    }

    [Fact]
    public void Gpp_ErrorsAndWarnings_KeepTheirLinesAndColumns()
    {
        var messages = CppLanguage.ParseDiagnostics("""
            main.cpp: In function ‘int main()’:
            main.cpp:3:11: error: ‘y’ was not declared in this scope
                3 |   int x = y;
                  |           ^
            main.cpp:3:7: warning: unused variable ‘x’ [-Wunused-variable]
            """);

        Assert.Equal(
            [new CompilerMessage("error", 3, 11, "", "‘y’ was not declared in this scope"), new CompilerMessage("warning", 3, 7, "", "unused variable ‘x’ [-Wunused-variable]")],
            messages);
    }

    [Fact]
    public void Cpp_FailedAssert_GivesItsLine()
    {
        var error = new CppLanguage(Options).ParseRuntimeError("main: main.cpp:5: int main(): Assertion `v.size() == 1' failed.\n", 6);

        Assert.Equal(new RuntimeErrorInfo("assertion failed", "v.size() == 1", 5), error);
    }

    [Fact]
    public void CSharp_UnhandledException_TakesTheFirstFrameInTheCandidatesFile()
    {
        var error = new CSharpLanguage(Options).ParseRuntimeError("""
            Unhandled exception. System.Collections.Generic.KeyNotFoundException: The given key 'b' was not present in the dictionary.
               at System.Collections.Generic.Dictionary`2.get_Item(TKey key)
               at Program.<<Main>$>g__Look|0_0(Dictionary`2 d) in main.cs:line 4
               at Program.<Main>$(String[] args) in main.cs:line 6
            """, 6);

        Assert.Equal(new RuntimeErrorInfo("KeyNotFoundException", "The given key 'b' was not present in the dictionary.", 4), error);
    }
}
