namespace Rapport.Sandbox;

/// <summary>
/// The names of errors a language or its standard library raises. Of a hidden test, a candidate
/// learns the kind of error only when it is one of these: an error kind is text the candidate's
/// program writes (a class named after a hidden input, a forged traceback on stderr), so anything
/// else would be a channel out of the test. Line numbers stay, as numbers.
/// </summary>
public static class StandardErrorKinds
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        // Python's built-in exceptions, and NumPy's two of its own.
        "ArithmeticError", "AssertionError", "AttributeError", "BufferError", "EOFError", "Exception",
        "FloatingPointError", "ImportError", "ModuleNotFoundError", "IndexError", "KeyError", "LookupError",
        "MemoryError", "NameError", "NotImplementedError", "OSError", "OverflowError", "RecursionError",
        "ReferenceError", "RuntimeError", "StopIteration", "SyntaxError", "IndentationError", "TabError",
        "SystemError", "TypeError", "UnboundLocalError", "UnicodeError", "UnicodeDecodeError",
        "UnicodeEncodeError", "ValueError", "ZeroDivisionError", "FileNotFoundError", "PermissionError",
        "TimeoutError", "LinAlgError", "AxisError",

        // JavaScript's (RangeError, TypeError and the rest shared with Python above) and Node's report of a thrown value.
        "Error", "RangeError", "EvalError", "URIError", "AggregateError", "Uncaught exception",

        // .NET's common exceptions, as the C# runner reports them (without the namespace).
        "NullReferenceException", "IndexOutOfRangeException", "ArgumentException", "ArgumentNullException",
        "ArgumentOutOfRangeException", "InvalidOperationException", "DivideByZeroException", "OverflowException",
        "KeyNotFoundException", "FormatException", "NotImplementedException", "NotSupportedException",
        "InvalidCastException", "OutOfMemoryException", "StackOverflowException", "ArithmeticException",
        "ApplicationException", "SystemException",

        // C++'s standard exceptions and what a crash is called.
        "std::exception", "std::logic_error", "std::invalid_argument", "std::domain_error", "std::length_error",
        "std::out_of_range", "std::runtime_error", "std::range_error", "std::overflow_error", "std::underflow_error",
        "std::bad_alloc", "std::bad_cast", "std::bad_function_call", "std::bad_optional_access",
        "std::bad_variant_access", "assertion failed",
        "illegal instruction", "aborted", "bus error", "arithmetic error", "killed", "segmentation fault",
        "CPU time limit", "file size limit",
    };

    public static bool IsStandard(string? kind) => kind is not null && Known.Contains(kind);

    /// <summary>The kind when it is a standard one, otherwise a word that says nothing more.</summary>
    public static string Shown(string? kind) => IsStandard(kind) ? kind! : "error";
}
