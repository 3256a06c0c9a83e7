using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using LstmGen;
using Xunit;
using Xunit.Abstractions;

namespace LstmGen.Tests;

internal static class FluentBytes
{
    public static byte[] Then(this byte[] bytes, Func<byte[], byte[]> f) => f(bytes);
}
