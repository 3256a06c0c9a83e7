using System;

namespace LstmGen.Tool;

/// <summary>A problem with the user's file or arguments: the tool prints its message as one line and exits with 1.</summary>
internal sealed class ToolException(string message) : Exception(message);
