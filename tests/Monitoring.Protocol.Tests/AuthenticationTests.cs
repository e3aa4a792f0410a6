using Monitoring.Protocol.Bodies;

namespace Monitoring.Protocol.Tests;

/// <summary>0x0102 in the 2013 and 2019 layouts, as the sources assert.</summary>
public sealed class AuthenticationTests
{
    [Theory]
    [InlineData(21, "456121111")]
    [InlineData(43, "admin-123456")]
    [InlineData(46, "17299841738")]
    [InlineData(65, "pmYGzGukO8K4Z5lpIOTg8dqb3eprYaHBbXSPLtdbyG8=")]
    [InlineData(13, "J10030000681")]
    public void The_2013_code_is_the_whole_body(int row, string code)
    {
        Assert.True(VectorDecodingTests.Decode(Vectors.Row(row), new byte[256], out var message, out _).IsOk);
        Assert.Equal(Jt808Version.V2013, message.Header.Version);
        Assert.True(Authentication.TryRead(message, out var auth).IsOk);
        Assert.Equal(code, auth.GetCode());
    }

    [Theory]
    [InlineData(47, "17299841738", "123456789012345", "3.7.15")]
    [InlineData(66, "pmYGzGukO8K4Z5lpIOTg8dqb3eprYaHBbXSPLtdbyG8=", "123456789012345", "www.jtt808.cn")]
    public void The_2019_layout_has_code_imei_and_software_version(int row, string code, string imei, string software)
    {
        Assert.True(VectorDecodingTests.Decode(Vectors.Row(row), new byte[256], out var message, out _).IsOk);
        Assert.True(Authentication.TryRead(message, out var auth).IsOk);
        Assert.Equal(code, auth.GetCode());
        Assert.Equal(imei, auth.GetImei());
        Assert.Equal(software, auth.GetSoftwareVersion());
    }

    [Fact]
    public void A_2019_body_shorter_than_its_code_length_says_is_truncated() =>
        Assert.Equal(Jt808Status.Truncated, Authentication.TryRead([11, 0x31, 0x32], Jt808Version.V2019, out _).Status);
}
